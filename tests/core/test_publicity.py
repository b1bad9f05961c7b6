"""What a public notice shows (三（三）1, 三（六）): the allowed fields only; 涉敏 nominees at the
unit level only; an unanswered 涉敏 blocks publication; withdrawn nominations never appear."""

from __future__ import annotations

import pytest

from pingxuan.core.ordering import sort_nominations
from pingxuan.core.publicity import Exposure, exposure, level_of, notice_content, public_fields
from pingxuan.core.spec.models import Spec
from tests.core.helpers import BADGE, MEDAL, TEAM
from tests.factories.campaign import Rows, build_nominations

FORBIDDEN = ("身份证号", "联系电话", "民族", "出生年月", "政治面貌")


def nominations_of(spec: Spec, rows: Rows, unit: str):
    nominations, _ = build_nominations(spec, rows)
    return [n for n in nominations if n.unit == unit]


def test_each_award_shows_only_what_the_notice_allows(spec: Spec) -> None:
    assert public_fields(spec, BADGE) == ["单位全称", "简要事迹"]
    assert public_fields(spec, MEDAL) == ["姓名", "工作单位", "职务", "简要事迹"]
    assert public_fields(spec, TEAM) == ["所属单位全称", "集体名称", "简要事迹"]
    for award in (BADGE, MEDAL, TEAM):
        assert not set(public_fields(spec, award)) & set(FORBIDDEN)


@pytest.mark.parametrize(("level", "shown"), [("unit", True), ("county", False), ("city", False)])
def test_sensitive_nominee_only_at_the_unit_level(
    spec: Spec, rows: Rows, level: str, shown: bool
) -> None:
    nominations = nominations_of(spec, rows, "郑东新区")
    sensitive = next(n for n in nominations if n.award == MEDAL)
    sensitive.facts["涉敏"] = True

    content = notice_content(spec, level, nominations)

    names = [row.get("姓名") for row in content.rows]
    assert (sensitive.facts["姓名"] in names) is shown
    assert exposure(level_of(spec, level), sensitive) is (
        Exposure.SHOWN if shown else Exposure.HIDDEN
    )
    assert content.publishable


def test_unanswered_sensitivity_blocks_publication(spec: Spec, rows: Rows) -> None:
    nominations = nominations_of(spec, rows, "郑东新区")
    unanswered = nominations[0]
    unanswered.facts["涉敏"] = None

    content = notice_content(spec, "unit", nominations)

    assert not content.publishable
    assert content.blocked == (unanswered,)


def test_withdrawn_nominations_never_appear(spec: Spec, rows: Rows) -> None:
    nominations = nominations_of(spec, rows, "郑东新区")
    gone = next(n for n in nominations if n.award == MEDAL)
    gone.withdrawn = True
    gone.facts["涉敏"] = None  # nor does it block: it will never be published

    content = notice_content(spec, "unit", nominations)

    assert gone.facts["姓名"] not in [row.get("姓名") for row in content.rows]
    assert content.publishable


def test_rows_hold_the_allowed_fields_in_order(spec: Spec, rows: Rows) -> None:
    content = notice_content(spec, "unit", nominations_of(spec, rows, "郑东新区"))

    for row in content.rows:
        assert [name for name, _ in row.fields] == public_fields(spec, row.award)


def test_sensitive_answer_as_the_workbook_writes_it(spec: Spec, rows: Rows) -> None:
    # Parsed cells keep 是/否 as text: only 是 hides a nominee, 否 shows it at every level.
    nominations = nominations_of(spec, rows, "郑东新区")
    medals = [n for n in nominations if n.award == MEDAL]
    for nomination in medals:
        nomination.facts["涉敏"] = "否"
    medals[0].facts["涉敏"] = "是"

    content = notice_content(spec, "county", nominations)

    names = [row.get("姓名") for row in content.rows if row.award == MEDAL]
    assert names == [n.facts["姓名"] for n in sort_nominations(medals[1:])]


def test_rows_are_award_by_award_in_stroke_order(spec: Spec, rows: Rows) -> None:
    nominations = nominations_of(spec, rows, "郑东新区")
    shuffled = list(reversed(nominations))

    content = notice_content(spec, "unit", shuffled)

    expected = [
        n.ref
        for award in spec.awards
        for n in sort_nominations(n for n in nominations if n.award == award.name)
    ]
    assert [row.source.ref for row in content.rows] == expected
