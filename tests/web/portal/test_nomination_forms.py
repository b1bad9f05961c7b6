"""The nomination forms: create, edit and delete through them; ID numbers masked outside one
audited reveal; the live check speaks with the core's words; another unit's rows are a 404."""

from __future__ import annotations

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from pingxuan.web.audit.models import AuditEvent
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.domain.compliance import finding_key, unit_compliance
from pingxuan.web.nominations.domain.standing import change_standing
from pingxuan.web.nominations.domain.submit import submit_unit
from pingxuan.web.nominations.enums import Standing
from pingxuan.web.nominations.models import Nomination
from tests.web.nominations.helpers import BEFORE_DEADLINE, fill_unit
from tests.web.portal.form_data import (
    management,
    organisation_row,
    person_row,
    post_of,
    team_row,
)

pytestmark = pytest.mark.django_db

SLUG = "zhengzhou-2024"
UNIT_A = "郑东新区"
UNIT_B = "巩义市"


@pytest.fixture
def unit_a(campaign: Campaign) -> Unit:
    return campaign.units.get(name=UNIT_A)


@pytest.fixture
def person_a(campaign: Campaign, unit_a: Unit, client_clerk_a: Client) -> Nomination:
    row = person_row(campaign, UNIT_A)
    client_clerk_a.post(
        f"/portal/{SLUG}/new/person/", post_of("person", row, 联系电话="13812345678")
    )
    return Nomination.objects.get(unit=unit_a, award="五一劳动奖章")


def text(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# ── creating ──────────────────────────────────────────────────────────────


def test_person_created_through_the_form(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    row = person_row(campaign, UNIT_A)
    data = post_of(
        "person", row, 学历="大学本科", 参加工作时间="1998-07-01", 联系电话="13812345678"
    )

    response = client_clerk_a.post(f"/portal/{SLUG}/new/person/", data)

    assert response.status_code == 302
    assert response["Location"] == f"/portal/{SLUG}/#award-person"
    saved = Nomination.objects.get(unit=unit_a)
    assert (saved.award, saved.kind, saved.seq) == ("五一劳动奖章", "综合表彰", 1)
    assert saved.cells["身份证号"] == row["身份证号"]
    assert saved.cells["贡献领域"] == "2、4"
    assert saved.cells["涉敏"] == "否"
    assert saved.extra == {
        "学历": "大学本科",
        "参加工作时间": "1998-07-01",
        "联系电话": "13812345678",
    }


def test_team_created_through_the_form(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    response = client_clerk_a.post(
        f"/portal/{SLUG}/new/team/", post_of("team", team_row(campaign, UNIT_A))
    )

    assert response.status_code == 302
    assert Nomination.objects.get(unit=unit_a).award == "工人先锋号"


def test_organisation_keeps_its_negative_records_as_rows(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    data = post_of("organisation", organisation_row(campaign, UNIT_A), **management("negatives", 1))
    data.update({"negatives-0-kind": "拖欠工资", "negatives-0-date": "2021-05-04"})

    response = client_clerk_a.post(f"/portal/{SLUG}/new/organisation/", data)

    assert response.status_code == 302
    saved = Nomination.objects.get(unit=unit_a)
    assert [(r.kind, r.date.isoformat()) for r in saved.negative_records.all()] == [
        ("拖欠工资", "2021-05-04")
    ]
    assert saved.cells["负面记录"] == "拖欠工资:2021-05-04"
    compliance = unit_compliance(campaign, unit_a)
    assert [f.rule for f in compliance.by_nomination[saved.pk]] == ["eligibility.negative_record"]


def test_honours_set_the_honour_level(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    data = post_of("person", person_row(campaign, UNIT_A), 荣誉级别="", **management("honours", 2))
    data.update(
        {
            "honours-0-level": "省级",
            "honours-0-name": "河南省五一劳动奖章",
            "honours-0-year": "2021",
            "honours-0-comprehensive": "on",
            "honours-1-level": "国家级",
            "honours-1-name": "全国技术能手",
            "honours-1-year": "2022",
        }
    )

    client_clerk_a.post(f"/portal/{SLUG}/new/person/", data)

    saved = Nomination.objects.get(unit=unit_a)
    assert sorted((h.level, h.comprehensive) for h in saved.honours.all()) == [
        ("国家级", False),
        ("省级", True),
    ]
    assert saved.cells["荣誉级别"] == "省级"


def test_alternate_is_linked_to_its_leader(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    leader_row = person_row(campaign, UNIT_A, 身份类别="企业负责人", 单位性质="非公有制")
    client_clerk_a.post(f"/portal/{SLUG}/new/person/", post_of("person", leader_row))
    leader = Nomination.objects.get(unit=unit_a)

    page = client_clerk_a.get(f"/portal/{SLUG}/new/person/?kind=备选&leader={leader.pk}")
    response = client_clerk_a.post(
        f"/portal/{SLUG}/new/person/",
        post_of("person", person_row(campaign, UNIT_A, seed=8), kind="备选", leader=leader.pk),
    )

    assert f'<option value="{leader.pk}" selected>' in text(page)
    assert response.status_code == 302
    alternate = Nomination.objects.get(unit=unit_a, kind="备选")
    assert alternate.alternate_of == leader


def test_sensitive_question_has_no_default(campaign: Campaign, client_clerk_a: Client) -> None:
    page = client_clerk_a.get(f"/portal/{SLUG}/new/person/")
    data = post_of("person", person_row(campaign, UNIT_A))
    del data["涉敏"]

    response = client_clerk_a.post(f"/portal/{SLUG}/new/person/", data)

    assert 'name="涉敏" value="否" required id="id_涉敏_1">' in text(page)
    assert "checked" not in text(page).split('name="涉敏"')[1].split(">")[0]
    assert response.status_code == 200
    assert "请明确回答是否涉敏" in text(response)
    assert Nomination.objects.count() == 0


def test_bad_id_number_is_refused_with_the_cores_message(
    campaign: Campaign, client_clerk_a: Client
) -> None:
    row = person_row(campaign, UNIT_A)
    wrong = row["身份证号"][:17] + ("0" if row["身份证号"][17] != "0" else "1")

    response = client_clerk_a.post(
        f"/portal/{SLUG}/new/person/", post_of("person", row, 身份证号=wrong)
    )

    assert response.status_code == 200
    assert "身份证号校验位不正确，请核对是否抄错" in text(response)
    assert Nomination.objects.count() == 0


# ── quota and read-only states ──────────────────────────────────────────────


def test_quota_full_is_refused_and_nothing_typed_is_lost(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    row = person_row(campaign, UNIT_A, seed=99)

    page = client_clerk_a.get(f"/portal/{SLUG}/new/person/")
    response = client_clerk_a.post(
        f"/portal/{SLUG}/new/person/", post_of("person", row, 简要事迹="十年如一日坚守岗位")
    )

    assert "名额6个已全部占用" in text(page)
    assert response.status_code == 200
    assert "本单位五一劳动奖章名额6个已全部占用，不能再增加" in text(response)
    assert f'value="{row["姓名"]}"' in text(response)
    assert "十年如一日坚守岗位" in text(response)
    assert unit_a.nominations.filter(award="五一劳动奖章", kind="综合表彰").count() == 6


def test_edit_after_submission_is_refused(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    explanations = {finding_key(f): "说明" for f in unit_compliance(campaign, unit_a).warnings}
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        submit_unit(campaign, unit_a, explanations=explanations, actor=clerk_a, role="approver")
    person = unit_a.nominations.filter(award="五一劳动奖章").first()
    before = dict(person.cells)

    page = client_clerk_a.get(f"/portal/{SLUG}/nominations/{person.pk}/")
    response = client_clerk_a.post(
        f"/portal/{SLUG}/nominations/{person.pk}/", post_of("person", {**before, "姓名": "改名"})
    )
    deleting = client_clerk_a.post(f"/portal/{SLUG}/nominations/{person.pk}/delete/")

    assert '<fieldset class="form-body" disabled>' in text(page)
    refusal = "本单位已报送初审，数据只读"
    assert f'<div class="form-errors" role="alert">\n  <p>{refusal}' in text(response)
    assert f'<div class="form-errors" role="alert"><p>{refusal}' in text(deleting)
    person.refresh_from_db()
    assert person.cells == before


# ── editing and deleting ────────────────────────────────────────────────────


def test_edit_keeps_the_stored_id_behind_its_mask(
    person_a: Nomination, client_clerk_a: Client
) -> None:
    number = person_a.cells["身份证号"]
    masked = f"{number[:6]}********{number[-4:]}"

    page = client_clerk_a.get(f"/portal/{SLUG}/nominations/{person_a.pk}/")
    response = client_clerk_a.post(
        f"/portal/{SLUG}/nominations/{person_a.pk}/",
        post_of("person", {**person_a.cells, "姓名": "新名字", "身份证号": masked}),
    )

    assert f'value="{masked}"' in text(page)
    assert number not in text(page)
    assert response.status_code == 302
    person_a.refresh_from_db()
    assert (person_a.cells["姓名"], person_a.cells["身份证号"]) == ("新名字", number)


def test_edit_with_a_new_id_replaces_it(
    campaign: Campaign, person_a: Nomination, client_clerk_a: Client
) -> None:
    other = person_row(campaign, UNIT_A, seed=42)

    client_clerk_a.post(
        f"/portal/{SLUG}/nominations/{person_a.pk}/",
        post_of(
            "person",
            {
                **person_a.cells,
                "身份证号": other["身份证号"],
                "出生年月": other["出生年月"],
                "性别": other["性别"],
            },
        ),
    )

    person_a.refresh_from_db()
    assert person_a.cells["身份证号"] == other["身份证号"]


def test_refused_edit_shows_the_mask_not_the_number(
    person_a: Nomination, client_clerk_a: Client
) -> None:
    number = person_a.cells["身份证号"]
    masked = f"{number[:6]}********{number[-4:]}"

    response = client_clerk_a.post(
        f"/portal/{SLUG}/nominations/{person_a.pk}/",
        post_of("person", {**person_a.cells, "身份证号": masked, "性别": ""}),
    )

    assert response.status_code == 200
    assert "form-errors" in text(response)
    assert number not in text(response)


def test_delete_through_the_confirm_page(person_a: Nomination, client_clerk_a: Client) -> None:
    page = client_clerk_a.get(f"/portal/{SLUG}/nominations/{person_a.pk}/delete/")
    response = client_clerk_a.post(f"/portal/{SLUG}/nominations/{person_a.pk}/delete/")

    assert "确认删除" in text(page)
    assert Nomination.objects.filter(pk=person_a.pk).exists() is False
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="nomination.delete").count() == 1


def test_id_number_is_masked_on_every_page(
    campaign: Campaign, unit_a: Unit, clerk_a: User, client_clerk_a: Client
) -> None:
    fill_unit(campaign, unit_a, clerk_a)
    people = list(unit_a.nominations.filter(award="五一劳动奖章"))
    numbers = [p.cells["身份证号"] for p in people]
    pages = [
        f"/portal/{SLUG}/",
        f"/portal/{SLUG}/submit/",
        f"/portal/{SLUG}/new/person/",
        *(f"/portal/{SLUG}/nominations/{p.pk}/" for p in people),
        *(f"/portal/{SLUG}/nominations/{p.pk}/delete/" for p in people),
    ]

    bodies = [text(client_clerk_a.get(url)) for url in pages]
    live = client_clerk_a.post(
        f"/portal/{SLUG}/live-check/person/",
        post_of(
            "person",
            {**people[0].cells, "身份证号": numbers[0][:6] + "********" + numbers[0][-4:]},
            nomination=people[0].pk,
        ),
    )

    assert [number for number in numbers for body in bodies if number in body] == []
    assert numbers[0] not in text(live)
    assert f"{numbers[0][:6]}********{numbers[0][-4:]}" in bodies[0]


# ── the reveal ────────────────────────────────────────────────────────────


def test_reveal_returns_the_number_once_and_is_audited(
    person_a: Nomination, clerk_a: User, client_clerk_a: Client
) -> None:
    url = f"/portal/{SLUG}/nominations/{person_a.pk}/reveal-id/"

    refused = client_clerk_a.get(url)
    response = client_clerk_a.post(url, HTTP_HX_REQUEST="true")

    assert refused.status_code == 405
    assert response.status_code == 200
    assert person_a.cells["身份证号"] in text(response)
    assert "<html" not in text(response)
    assert "no-cache" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="nomination.reveal_id")
    assert (event.actor, event.object_id) == (clerk_a, str(person_a.pk))


def test_a_missing_field_is_named_with_what_to_do(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client
) -> None:
    data = post_of("person", person_row(campaign, UNIT_A), 性别="", 姓名="")

    response = client_clerk_a.post(f"/portal/{SLUG}/new/person/", data)

    assert response.status_code == 200
    assert "请选择“性别”" in text(response)
    assert "请填写“姓名”" in text(response)
    assert "这个字段是必填项" not in text(response)
    assert Nomination.objects.count() == 0


def test_a_blank_new_form_is_checked_only_once_the_clerk_types(client_clerk_a: Client) -> None:
    page = text(client_clerk_a.get(f"/portal/{SLUG}/new/person/"))

    panel = page.split('id="live-findings"')[1].split("</div>")[0]
    assert 'hx-trigger="change from:#nomination-form delay:400ms"' in panel
    assert "开始填写后，这里按通知的规则即时检查" in panel


def test_a_decided_nomination_reads_as_read_only(
    person_a: Nomination, client_clerk_a: Client
) -> None:
    change_standing(
        person_a, Standing.PASSED, reason="", actor=None, role="reviewer", action="test.pass"
    )

    page = text(client_clerk_a.get(f"/portal/{SLUG}/nominations/{person_a.pk}/"))

    assert "初审通过：市总工会审核过的内容不能再修改或删除" in page
    assert "该推荐对象只读，不能修改" in page
    for offer in (
        "显示完整号码",
        "不修改则保留原号码",
        "保存后在本单位页面查看",
        "live-check",
        ">保存<",
        "增加一行",
    ):
        assert offer not in page, offer
    assert "号码已部分隐藏" in page


# ── the live check ────────────────────────────────────────────────────────


def test_live_check_returns_the_cores_message_for_a_bad_id(
    campaign: Campaign, client_clerk_a: Client
) -> None:
    data = post_of("person", person_row(campaign, UNIT_A), 身份证号="41010219800101")

    response = client_clerk_a.post(
        f"/portal/{SLUG}/live-check/person/", data, HTTP_HX_REQUEST="true"
    )

    assert response.status_code == 200
    assert "身份证号应为18位，现为14位" in text(response)
    assert "<html" not in text(response)
    assert Nomination.objects.count() == 0


def test_live_check_tells_which_place_the_row_would_take(
    campaign: Campaign, client_clerk_a: Client
) -> None:
    response = client_clerk_a.post(
        f"/portal/{SLUG}/live-check/person/", post_of("person", person_row(campaign, UNIT_A))
    )

    assert "将占用“一线产业工人”名额" in text(response)


def test_live_check_does_not_name_another_units_nominee_with_the_same_code(
    campaign: Campaign, unit_a: Unit, client_clerk_a: Client, client_clerk_b: Client
) -> None:
    theirs = organisation_row(campaign, UNIT_A)
    client_clerk_a.post(f"/portal/{SLUG}/new/organisation/", post_of("organisation", theirs))
    stored = Nomination.objects.get(unit=unit_a)
    mine = organisation_row(campaign, UNIT_B, seed=8)
    mine["统一社会信用代码"] = theirs["统一社会信用代码"]

    response = client_clerk_b.post(
        f"/portal/{SLUG}/live-check/organisation/", post_of("organisation", mine)
    )

    assert "该统一社会信用代码已被其他推荐单位推荐，请与主办方核实" in text(response)
    assert stored.display_name not in text(response)
    assert UNIT_A not in text(response)


# ── scope ─────────────────────────────────────────────────────────────────


@pytest.mark.parametrize("path", ["", "delete/", "reveal-id/"])
def test_other_units_clerk_gets_404(
    person_a: Nomination, client_clerk_b: Client, path: str
) -> None:
    url = f"/portal/{SLUG}/nominations/{person_a.pk}/{path}"

    assert client_clerk_b.get(url).status_code in (404, 405)
    assert client_clerk_b.post(url).status_code == 404
    assert Nomination.objects.filter(pk=person_a.pk).exists()
    assert AuditEvent.objects.filter(action="nomination.reveal_id").count() == 0


def test_other_units_clerk_cannot_live_check_a_foreign_row(
    person_a: Nomination, client_clerk_b: Client
) -> None:
    response = client_clerk_b.post(
        f"/portal/{SLUG}/live-check/person/", post_of("person", {}, nomination=person_a.pk)
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "path", ["new/person/", "nominations/1/", "nominations/1/delete/", "submit/", ""]
)
def test_anonymous_is_sent_to_login(campaign: Campaign, anonymous: Client, path: str) -> None:
    response = anonymous.get(f"/portal/{SLUG}/{path}")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_unknown_subject_is_404(campaign: Campaign, client_clerk_a: Client) -> None:
    assert client_clerk_a.get(f"/portal/{SLUG}/new/robot/").status_code == 404
