"""Who the nominee is: duplicates, hidden leaders, whole organisations, 涉敏, 差额, data."""

from pingxuan.core.columns import UNIT_SHEET
from pingxuan.core.findings import Reader, Scope, Severity, text_for
from pingxuan.core.rules.engine import check
from tests.core.rules.conftest import BADGE, MEDAL, TEAM, first
from tests.factories.campaign import build_nominations


def test_same_person_twice_across_units(rows, run):
    a = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    b = first(rows, MEDAL, "巩义市", 身份类别="一线产业工人")
    b.update({k: a[k] for k in ("身份证号", "出生年月", "性别")})
    found = run(rows, rule="identity.duplicate")
    assert [(f.scope, f.unit, len(f.rows), f.clause) for f in found] == [
        (Scope.CITY, None, 2, "三（四）")
    ]
    assert "郑东新区" in found[0].hint and "巩义市" in found[0].hint
    # A unit reads it without the other unit or its nominee; the organiser reads it whole.
    told = text_for(found[0], Reader.UNIT)
    assert told.message == "该身份证号已被其他推荐单位推荐，请与主办方核实"
    assert "巩义市" not in told.hint and "郑东新区" not in told.hint
    assert text_for(found[0], Reader.ORGANISER) == found[0]


def test_same_organisation_twice(rows, run):
    rows[BADGE][1]["统一社会信用代码"] = rows[BADGE][0]["统一社会信用代码"]
    found = run(rows, rule="identity.duplicate")
    assert [(f.award, f.rows[0].row, f.rows[1].row) for f in found] == [(BADGE, 2, 3)]
    # Within one unit: its own data, told as they are.
    assert text_for(found[0], Reader.UNIT) == found[0]


def test_same_team_twice(rows, run):
    rows[TEAM][1].update({k: rows[TEAM][0][k] for k in ("集体名称", "所属单位全称")})
    assert len(run(rows, rule="identity.duplicate")) == 1


def test_leader_title_declared_as_worker_is_suspicious(rows, run):
    worker = first(rows, MEDAL, "郑东新区", 身份类别="一线产业工人")
    worker["职务"] = "副总经理"
    found = run(rows, rule="identity.hidden_leader")
    assert [(f.severity, f.clause) for f in found] == [(Severity.WARNING, "三（四）")]
    assert "含“经理”" in found[0].message or "含“总经理”" in found[0].message


def test_declared_leader_with_leader_title_is_fine(rows, run):
    assert run(rows, rule="identity.hidden_leader") == []


def test_whole_organisation_is_not_a_team(rows, run):
    rows[TEAM][3]["集体类型"] = "整个单位"
    found = run(rows, rule="identity.whole_organisation_team")
    assert [(f.rows[0].row, f.severity, f.clause) for f in found] == [(5, Severity.ERROR, "一")]


def test_sensitive_answer_missing_is_a_warning(rows, run):
    rows[MEDAL][0]["涉敏"] = ""
    found = run(rows, rule="secrecy.sensitive_unanswered")
    assert [(f.severity, f.clause) for f in found] == [(Severity.WARNING, "三（六）")]


def test_secrecy_pledge_missing_is_a_unit_warning(rows, run):
    report = next(r for r in rows[UNIT_SHEET] if r["推荐单位"] == "郑东新区")
    report["脱密承诺书"] = "否"
    found = run(rows, rule="secrecy.pledge_missing")
    assert [(f.unit, f.scope, f.severity) for f in found] == [
        ("郑东新区", Scope.UNIT, Severity.WARNING)
    ]
    assert "或在“推荐单位情况”表“脱密承诺书”填“是”" in found[0].hint


def test_secrecy_pledge_by_upload_hints_the_upload_only(spec, rows):
    # The portal counts the signed document alone: its hint names no sheet a 是 could go in.
    nominations, reports = build_nominations(spec, rows)
    for report in reports:
        report.pledge_by_upload = True
        report.pledge_signed = report.unit != "郑东新区"

    found = [f for f in check(spec, nominations, reports) if f.rule == "secrecy.pledge_missing"]

    assert [(f.unit, f.hint) for f in found] == [
        ("郑东新区", "请签订推荐对象脱密情况承诺书，在“报送材料”页上传签字盖章的承诺书图片")
    ]


def test_differential_needs_more_initial_candidates(rows, run):
    report = next(r for r in rows[UNIT_SHEET] if r["推荐单位"] == "郑东新区")
    report["奖章初始提名人数"] = "6"
    found = run(rows, rule="process.differential")
    assert [(f.unit, f.award, f.severity, f.clause) for f in found] == [
        ("郑东新区", MEDAL, Severity.ERROR, "三（二）")
    ]
    assert "至少7个" in found[0].hint


def test_differential_unknown_is_a_warning(rows, run):
    rows[UNIT_SHEET] = [r for r in rows[UNIT_SHEET] if r["推荐单位"] != "郑东新区"]
    found = run(rows, rule="process.differential_unknown")
    assert {(f.unit, f.severity) for f in found} == {("郑东新区", Severity.WARNING)}
    assert len(found) == 3  # 奖状, 奖章 and 先锋号


def test_differential_not_required_of_industry_unions(rows, run):
    report = next(r for r in rows[UNIT_SHEET] if r["推荐单位"] == "市文教卫工会")
    report["奖章初始提名人数"] = "1"
    assert run(rows, rule="process.differential") == []


def test_blank_required_cell(rows, run):
    rows[MEDAL][0]["身份类别"] = ""
    found = run(rows, rule="data.required")
    assert [(f.rows[0].row, f.clause) for f in found] == [(2, "数据")]
    assert found[0].message.endswith("“身份类别”未填写")


def test_birth_month_and_gender_must_agree_with_id(rows, run):
    rows[MEDAL][0]["出生年月"] = "1901-01"
    rows[MEDAL][1]["性别"] = "女" if rows[MEDAL][1]["性别"] == "男" else "男"
    found = run(rows, rule="data.id_mismatch")
    assert [f.rows[0].row for f in found] == [2, 3]


def test_unknown_unit_is_a_data_error(rows, run):
    rows[MEDAL][0]["推荐单位"] = "不存在的工会"
    found = run(rows, rule="data.value")
    assert [(f.rows[0].row, f.clause) for f in found] == [(2, "数据")]
    assert "推荐单位“不存在的工会”不在可选范围内" in found[0].message


def test_final_list_is_not_asked_about_unit_process(rows, run):
    from pingxuan.core.findings import Stage

    rows[UNIT_SHEET] = []
    found = run(rows, stage=Stage.FINAL)
    assert [f for f in found if f.rule.startswith(("process.differential", "secrecy.pledge"))] == []


def test_declared_leader_who_is_also_a_migrant_worker_is_not_suspicious(rows, run):
    leader = next(r for r in rows[MEDAL] if r["身份类别"] == "企业负责人")
    leader["人员标签"] = "农民工"
    assert run(rows, rule="identity.hidden_leader") == []
