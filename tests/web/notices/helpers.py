"""Set-ups of the notices tests: 巩义市 filled, one 奖章 nominee 涉敏, and a notice's frame."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import NoticeInput
from tests.web.nominations.helpers import fill_unit
from tests.web.personas import UNIT_B

MEDAL = "五一劳动奖章"


@dataclass
class County:
    unit: Unit
    sensitive: Nomination  # a 奖章 nominee answered 涉敏 = 是
    others: list[Nomination]  # the unit's other 奖章 nominees

    def names(self) -> list[str]:
        return [str(n.cells["姓名"]) for n in self.others]


def set_cell(nomination: Nomination, column: str, value: str | None) -> None:
    """Change a stored cell directly: the set-up of a case, not a clerk's edit."""
    cells = dict(nomination.cells)
    if value is None:
        cells.pop(column, None)
    else:
        cells[column] = value
    Nomination.objects.filter(pk=nomination.pk).update(cells=cells)
    nomination.cells = cells


def county_with_sensitive_nominee(campaign: Campaign, clerk: User) -> County:
    unit = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, unit, clerk)
    medals = list(
        Nomination.objects.filter(campaign=campaign, unit=unit, award=MEDAL).order_by("seq")
    )
    sensitive, *others = medals
    set_cell(sensitive, "涉敏", "是")
    return County(unit, sensitive, others)


def notice_input(
    unit: Unit | None,
    *,
    level: str = "county",
    start: date = date(2024, 4, 1),
    end: date = date(2024, 4, 8),
) -> NoticeInput:
    return NoticeInput(
        level=level,
        unit=unit,
        title=f"{unit.name if unit else '郑州市'}2024年五一劳动奖推荐对象公示",
        start=start,
        end=end,
        contact_person="王老师",
        contact_phone="0371-67654321",
        channel_phone="0371-12345678",
        channel_mailbox="gonghui@example.cn",
        channel_address="郑州市某路1号",
    )
