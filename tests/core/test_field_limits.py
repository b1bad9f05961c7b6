"""One set of field limits (issue 11): the columns say how long a cell may be."""

from pingxuan.core.columns import (
    COLUMNS_BY_SUBJECT,
    LONG_TEXT_MAX,
    column,
    strip_zero_width,
    too_long,
)


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


def test_names_are_marked() -> None:
    assert column("person", "姓名").is_name  # type: ignore[union-attr]
    assert not column("person", "简要事迹").is_name  # type: ignore[union-attr]
