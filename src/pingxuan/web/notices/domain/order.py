"""The order of 两审三公示 (三（三）1, 四): 初审 comes before any notice; the notices go unit →
county → city, each nominee appearing at a level only after the notice of every level below it
(that applies to the nominee's unit) has run its whole period; and 复审 results come only after
the nominee's last notice has ended. A forwarded nomination's lower levels may be met by the
notices its lower campaign published, carried up with it (``carried``). Each gate answers with
the Chinese sentence a clerk reads, or "" when the step may be taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext as _

from pingxuan.core.nominations import Nomination as CoreNomination
from pingxuan.core.publicity import Exposure, exposure, levels_word
from pingxuan.core.spec.models import PublicityLevel, Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Unit
from pingxuan.web.nominations.enums import Standing, SubmissionState
from pingxuan.web.nominations.models import Nomination, Submission
from pingxuan.web.notices.domain.content import CITY_LEVEL, COUNTY_LEVEL, Line
from pingxuan.web.notices.models import CarriedNotice, Notice, NoticeRow, NoticeState

NAMES_SHOWN = 10  # a refusal names this many nominees, then says how many more


def applies(level: PublicityLevel, unit: Unit) -> bool:
    """The middle notice is for the nominees of the units that publish it (the spec's
    ``published_by``: 县级 in Zhengzhou); the others are for all."""
    return level.key != COUNTY_LEVEL or unit.level in level.published_by


def required_levels(spec: Spec, nomination: CoreNomination, unit: Unit) -> list[PublicityLevel]:
    """The notices a nominee must appear in, lowest first: every level that applies to its unit
    and may show it (a 涉敏 nominee: its unit's own notice only)."""
    return [
        level
        for level in spec.publicity.levels
        if applies(level, unit) and exposure(level, nomination) is Exposure.SHOWN
    ]


def _names(labels: list[str]) -> str:
    shown = "、".join(labels[:NAMES_SHOWN])
    if len(labels) > NAMES_SHOWN:
        shown += _("等%(n)s个") % {"n": len(labels)}
    return shown


def noticed_before(level: str, nomination_ids: Iterable[int], day: date) -> set[int]:
    """Who of these appeared in a published notice at ``level`` whose period ended before
    ``day``: one of their campaign's own, or a lower campaign's notice carried up with a
    forwarded nomination to stand for that level (``carried``: its unit notice for the unit
    level, the county federation's own for the county level)."""
    ids = list(nomination_ids)
    own = NoticeRow.objects.filter(
        notice__state=NoticeState.PUBLISHED,
        notice__level=level,
        notice__end__lt=day,
        nomination_id__in=ids,
    ).values_list("nomination_id", flat=True)
    carried = CarriedNotice.objects.filter(
        level=level, end__lt=day, nomination_id__in=ids
    ).values_list("nomination_id", flat=True)
    return set(own) | set(carried)


def _first_review_problem(notice: Notice) -> str:
    """初审 comes first: the units the notice covers have no nomination still waiting for it."""
    waiting = Nomination.objects.filter(campaign=notice.campaign, standing=Standing.NOMINATED)
    if notice.level == CITY_LEVEL:
        submitted = Submission.objects.filter(
            campaign=notice.campaign, state=SubmissionState.SUBMITTED
        ).values("unit_id")
        waiting = waiting.filter(unit_id__in=submitted)
    else:
        waiting = waiting.filter(unit_id=notice.unit_id)
    units = list(waiting.values_list("unit__name", flat=True).distinct().order_by("unit__name"))
    if not units:
        return ""
    return _(
        "初审尚未完成：%(units)s还有推荐对象等待初审。公示在初审之后进行（通知四），"
        "请先发布这些推荐对象的初审结论。"
    ) % {"units": _names(units)}


def notice_order_problem(notice: Notice, lines: list[Line]) -> str:
    """Why ``notice`` (a draft whose rows would be ``lines``) may not be published now, as far
    as the order of the procedure goes; "" when it may."""
    problem = _first_review_problem(notice)
    if problem:
        return problem
    if not lines:
        return _("没有可以公示的推荐对象：公示只列出初审通过的推荐对象。")
    spec = campaign_spec(notice.campaign)
    keys = [level.key for level in spec.publicity.levels]
    below = spec.publicity.levels[: keys.index(notice.level)]
    if not below:
        return ""
    ids = [line.nomination_id for line in lines]
    units = dict(Nomination.objects.filter(pk__in=ids).values_list("pk", "unit_id"))
    unit_rows = {unit.pk: unit for unit in Unit.objects.filter(pk__in=set(units.values()))}
    for level in below:
        due = [line for line in lines if applies(level, unit_rows[units[line.nomination_id]])]
        done = noticed_before(level.key, (line.nomination_id for line in due), notice.start)
        missing = [line.label for line in due if line.nomination_id not in done]
        if missing:
            return _(
                "以下推荐对象还没有完成%(level)s：%(names)s。%(count)s级公示依次进行，"
                "%(level)s须已发布且公示期在本公示开始（%(start)s）之前结束。"
            ) % {
                "level": level.name,
                "names": _names(missing),
                "count": levels_word(spec),
                "start": f"{notice.start:%Y-%m-%d}",
            }
    return ""
