"""The printed lists, 按姓氏笔画 (issue 5, 2.): the final list and the draft 表彰决定 per award, and
the rows of a public notice. The order is always ``pingxuan.core.ordering`` with the spec's
``[documents] name_order``; a name with a character the stroke data lacks takes the core's
fallback place (docs/ordering.md, 缺字) and the check warns: no list refuses a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pingxuan.core.columns import NAME_COLUMN, TRUE
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.publicity import SENSITIVE, levels_word
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.strokes import StrokeOrder, pad_name
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.nominations.domain.adapt import Adapter
from pingxuan.web.nominations.domain.citywide import final_check
from pingxuan.web.nominations.models import Nomination


def name_order(spec: Spec) -> StrokeOrder:
    return StrokeOrder(spec.documents.name_order)


def _sorted(items: Sequence[Any], spec: Spec) -> list[Any]:
    return sort_nominations(items, name_order(spec))


def in_list_order(spec: Spec, nominations: Iterable[Nomination]) -> list[Nomination]:
    """Stored nominations in their award list's order (one award at a time)."""
    adapter = Adapter(spec)
    stored = {n.pk: n for n in nominations}
    cores = [adapter.to_core(n) for n in stored.values()]
    return [stored[core.ref.row] for core in _sorted(cores, spec)]


# ── the final list and the decision ─────────────────────────────────────────────────────────


@dataclass(frozen=True)
class Entry:
    """One line of a list: the printed name (``贺　彪``, an organisation's full name, a team with
    its organisation) and what follows it."""

    name: str
    detail: str
    unit: str
    # 三（六）: a 涉敏 nominee is awarded but not publicly: in the city's final list, marked;
    # never in the decision that is published.
    sensitive: bool = False


@dataclass(frozen=True)
class AwardList:
    award: Award
    entries: list[Entry]
    special: list[Entry]  # 专项表彰 (not counted against the places), listed apart

    @property
    def count(self) -> int:
        """The places taken: what the office's final list page heads its table with."""
        return len(self.entries)

    @property
    def tally(self) -> str:
        """The heading's count: the places, and 专项表彰 (outside them) apart."""
        measure = MEASURE[self.award.subject]
        text = f"{len(self.entries)}{measure}"
        if self.special:
            text += f"，另专项表彰{len(self.special)}{measure}"
        return text


def entry(award: Award, nomination: Nomination) -> Entry:
    cells = nomination.cells
    name = str(cells.get(NAME_COLUMN[award.subject]) or "").strip()
    unit, sensitive = nomination.unit.name, cells.get(SENSITIVE) == TRUE
    if award.subject == "person":
        detail = f"{cells.get('工作单位') or ''}{cells.get('职务') or ''}"
        return Entry(pad_name(name), detail, unit, sensitive)
    if award.subject == "team":
        return Entry(f"{cells.get('所属单位全称') or ''}{name}", "", unit, sensitive)
    return Entry(name, "", unit, sensitive)


def final_lists(campaign: Campaign) -> list[AwardList]:
    """The final list per award, as the office's final list page counts it (``final_check``):
    the places taken, an alternate that took its leader's place among them, and 专项表彰 apart."""
    spec = campaign_spec(campaign)
    check = final_check(campaign)
    lists = []
    for award in spec.awards:
        lists.append(
            AwardList(
                award,
                [entry(award, n) for n in in_list_order(spec, check.listed(award.name))],
                [entry(award, n) for n in in_list_order(spec, check.special(award.name))],
            )
        )
    return lists


# ── the draft decision ──────────────────────────────────────────────────────────────────────

MEASURE = {"person": "名", "organisation": "个", "team": "个"}
WHO = {"person": "职工", "organisation": "单位", "team": "集体"}


@dataclass(frozen=True)
class DecisionList:
    heading: str
    entries: list[Entry]
    people: bool


@dataclass(frozen=True)
class Decision:
    title: str
    paragraphs: list[str]
    issuer: str
    lists: list[DecisionList]


def decision(campaign: Campaign) -> Decision:
    """The draft 表彰决定: the grant, then the lists per award in stroke order, without the
    涉敏 nominees (三（六）: 不予公开表彰)."""
    from pingxuan.web.documents.domain.sheets import title_prefix

    spec = campaign_spec(campaign)
    prefix = title_prefix(spec)
    city = prefix.split("年", 1)[-1]
    lists = [
        AwardList(
            item.award,
            [e for e in item.entries if not e.sensitive],
            [e for e in item.special if not e.sensitive],
        )
        for item in final_lists(campaign)
    ]
    grants = "，".join(
        f"授予{len(item.entries)}{MEASURE[item.award.subject]}{WHO[item.award.subject]}"
        f"“{city}{item.award.name}”"
        for item in lists
        if item.entries
    )
    # Before 复审 nobody is approved: the draft says so rather than granting nothing.
    grants = grants or "授予名单待复审后确定"
    paragraphs = [
        f"为表彰先进、树立典型，充分发挥劳模精神、劳动精神、工匠精神的示范引领作用，根据"
        f"{spec.campaign.document_number}文件，经各推荐单位推荐、两审{levels_word(spec)}公示，"
        f"{grants}。",
        "希望受到表彰的单位、集体和个人珍惜荣誉，再接再厉，在推动高质量发展中再创佳绩。"
        f"{spec.campaign.whole_name}广大职工要以先进为榜样，立足岗位、建功立业。",
        "附件：" + "、".join(f"{city}{item.award.name}名单" for item in lists),
    ]
    sections = []
    for item in lists:
        measure = MEASURE[item.award.subject]
        heading = f"{city}{item.award.name}（{len(item.entries)}{measure}）"
        sections.append(DecisionList(heading, item.entries, item.award.subject == "person"))
        if item.special:
            heading = f"{city}{item.award.name}专项表彰（{len(item.special)}{measure}）"
            sections.append(DecisionList(heading, item.special, item.award.subject == "person"))
    return Decision(
        title=f"关于表彰{prefix}{'、'.join(a.name for a in spec.awards)}获得者的决定",
        paragraphs=paragraphs,
        issuer=spec.campaign.federation,
        lists=sections,
    )
