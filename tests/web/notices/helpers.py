"""Set-ups of the notices tests: 巩义市 filled and passed by 初审, one 奖章 nominee 涉敏, a
notice's frame, and the three notices published in the procedure's order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import User

from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.notices.domain.notices import NoticeInput, create_notice, publish
from pingxuan.web.notices.models import Notice
from tests.web.nominations.helpers import fill_unit
from tests.web.opinions.helpers import pass_unit
from tests.web.personas import UNIT_B

MEDAL = "五一劳动奖章"
# Three notices one after the other, each of exactly 5 working days in 2024 (清明 4/4–4/6, with
# Sunday 4/7 a working day): unit → county → city, as 三（三）1 runs them.
PERIODS = {
    "unit": (date(2024, 3, 25), date(2024, 3, 29)),
    "county": (date(2024, 4, 1), date(2024, 4, 8)),
    "city": (date(2024, 4, 9), date(2024, 4, 15)),
}
TITLES = {"unit": "所在单位", "county": "", "city": ""}
# The day after the city notice ended: 复审 results may be released.
AFTER_NOTICES = "2024-04-16T09:00:00+08:00"


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
    """巩义市 filled, one 奖章 nominee answered 涉敏, every nomination passed by 初审."""
    unit = Unit.objects.get(campaign=campaign, name=UNIT_B)
    fill_unit(campaign, unit, clerk)
    pass_unit(campaign, unit, clerk)
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
    start: date | None = None,
    end: date | None = None,
) -> NoticeInput:
    start = start or PERIODS[level][0]
    end = end or PERIODS[level][1]
    return NoticeInput(
        level=level,
        unit=unit,
        title=f"{unit.name if unit else '郑州市'}2024年五一劳动奖推荐对象{TITLES[level]}公示",
        start=start,
        end=end,
        contact_person="王老师",
        contact_phone="0371-67654321",
        channel_phone="0371-12345678",
        channel_mailbox="gonghui@example.cn",
        channel_address="郑州市某路1号",
    )


def publish_level(campaign: Campaign, level: str, unit: Unit | None, actor: User | None) -> Notice:
    """A notice at ``level`` in its period of ``PERIODS``, created and published."""
    notice = create_notice(campaign, notice_input(unit, level=level), actor=actor, role="reviewer")
    return publish(notice, actor=actor, role="reviewer")


def publish_in_order(
    campaign: Campaign, unit: Unit, actor: User | None, *, upto: str = "city"
) -> dict[str, Notice]:
    """The unit's own notice, its county notice when it is a county union, then the city's."""
    published = {}
    for level in PERIODS:
        if level == "county" and unit.level != "县级":
            continue
        published[level] = publish_level(campaign, level, None if level == "city" else unit, actor)
        if level == upto:
            break
    return published
