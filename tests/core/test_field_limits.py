"""One set of field limits (issue 11): the columns say how long a cell may be."""

from pathlib import Path

from pingxuan.core.cells import build_parsers, stored_text
from pingxuan.core.columns import (
    COLUMNS_BY_SUBJECT,
    LONG_TEXT_MAX,
    PERSON,
    column,
    length_refusal,
    strip_zero_width,
    too_long,
)
from pingxuan.core.rules.engine import check
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import read_workbook
from tests.core.helpers import MEDAL, at_row, write_sheet
from tests.factories.campaign import Rows


def test_deeds_are_capped_at_the_forms_4000_characters() -> None:
    deeds = column("person", "简要事迹")
    assert deeds is not None
    assert deeds.max_length == LONG_TEXT_MAX == 4000


def test_a_name_is_short_and_a_post_longer() -> None:
    assert column("person", "姓名").max_length == 50  # type: ignore[union-attr]
    assert column("person", "职务").max_length == 100  # type: ignore[union-attr]
    assert column("person", "身份证号").max_length == 18  # type: ignore[union-attr]


def test_every_column_has_a_positive_limit() -> None:
    for columns in COLUMNS_BY_SUBJECT.values():
        for c in columns:
            assert c.max_length > 0


def test_too_long_names_the_row_column_and_limit() -> None:
    deeds = column("person", "简要事迹")
    assert deeds is not None
    assert too_long(5, deeds, "事" * 32767) == "第5行“简要事迹”共32767字，超过上限4000字"


def test_text_at_the_limit_passes() -> None:
    deeds = column("person", "简要事迹")
    assert deeds is not None
    assert too_long(5, deeds, "事" * 4000) is None


def test_zero_width_characters_are_removed_from_names() -> None:
    assert strip_zero_width("张\u200b三\u200c\u200d\u2060\ufeff") == "张三"


def test_length_refusal_is_one_wording_for_every_entry_path() -> None:
    assert length_refusal("处理意见", "意" * 5000, 2000) == (
        "“处理意见”共5000字，超过上限2000字",
        "请删减到2000字以内",
    )
    assert length_refusal("处理意见", "意" * 2000, 2000) is None


def test_a_stored_name_loses_zero_width_characters_and_other_text_is_kept() -> None:
    name, deeds = column("person", "姓名"), column("person", "简要事迹")
    assert name is not None and deeds is not None
    assert stored_text(name, " 张\u200b三\ufeff ") == "张三"
    assert stored_text(deeds, "事\u200b迹 ") == "事\u200b迹"


def test_names_are_marked() -> None:
    assert column("person", "姓名").is_name  # type: ignore[union-attr]
    assert not column("person", "简要事迹").is_name  # type: ignore[union-attr]


def _parse(spec: Spec, name: str, raw: object) -> tuple[object, object]:
    return build_parsers(spec, PERSON)[name](raw)


def test_a_cell_over_its_limit_is_refused_with_the_limit(spec: Spec) -> None:
    assert _parse(spec, "简要事迹", "事" * 32767) == (
        None,
        ("“简要事迹”共32767字，超过上限4000字", "请删减到4000字以内"),
    )
    assert _parse(spec, "姓名", "张" * 32000)[1] == (
        "“姓名”共32000字，超过上限50字",
        "请删减到50字以内",
    )


def test_a_cell_at_its_limit_is_kept(spec: Spec) -> None:
    assert _parse(spec, "简要事迹", "事" * 4000) == ("事" * 4000, None)


def test_a_name_loses_its_zero_width_characters_in_a_cell(spec: Spec) -> None:
    assert _parse(spec, "姓名", "张\u200b三") == ("张三", None)
    assert _parse(spec, "姓名", "\u200b") == (None, None)


def test_nul_and_bidi_controls_in_a_cell_are_refused(spec: Spec) -> None:
    for bad in ("张\x00三", "张\u202e三", "张\u2066三"):
        value, problem = _parse(spec, "姓名", bad)
        assert value is None
        assert problem == ("“姓名”含有不可见的控制字符", "请删除空字符或文字方向控制字符后重新填写")


def test_check_names_the_row_and_column_of_an_overlong_cell_and_keeps_the_others(
    tmp_path: Path, spec: Spec, rows: Rows
) -> None:
    header = [c.name for c in PERSON]
    lines = [[row.get(name) or None for name in header] for row in rows[MEDAL]]
    lines[2][header.index("简要事迹")] = "事" * 32767
    path = write_sheet(tmp_path / "超长.xlsx", {MEDAL: [header, *lines]})

    workbook = read_workbook(path, spec)
    findings = check(spec, workbook.nominations, workbook.reports)

    assert len(workbook.nominations) == len(lines)
    name = lines[2][header.index("姓名")]
    assert at_row(findings, MEDAL, 4) == [
        ("data.value", f"{name}：“简要事迹”共32767字，超过上限4000字")
    ]
