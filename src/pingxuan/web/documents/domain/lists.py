"""The printed lists, 按姓氏笔画 (issue 5, 2.): the final list and the draft 表彰决定 per award, and
the rows of a public notice. The order is always ``pingxuan.core.ordering`` with the spec's
``[documents] name_order``; a name with a character the stroke data lacks takes the core's
fallback place (docs/ordering.md, 缺字) and the check warns: no list refuses a name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pingxuan.core.columns import COMPREHENSIVE, SPECIAL
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.spec.models import Spec
from pingxuan.core.strokes import StrokeOrder
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.domain.content import (
    MEASURE,
    AwardFrame,
    FinalView,
    Line,
    current_view,
)
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.domain.adapt import Adapter
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
# Both read one ``FinalView`` (``finals.domain.content``): the released list's frozen rows, or
# before release the live draft, so the page, the PDF, the DOCX and the decision agree.


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
    award: AwardFrame
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


def _entry(line: Line) -> Entry:
    return Entry(line.name, line.detail, line.unit, line.sensitive)


def award_lists(view: FinalView) -> list[AwardList]:
    """The list per award: the places (an alternate that took its leader's place among them)
    and 专项表彰 apart, in the view's order."""
    return [
        AwardList(
            award,
            [_entry(line) for line in view.of(award.name, COMPREHENSIVE)],
            [_entry(line) for line in view.of(award.name, SPECIAL)],
        )
        for award in view.awards
    ]


def final_lists(campaign: Campaign) -> list[AwardList]:
    """The campaign's final list per award: the current released list, else the draft."""
    return award_lists(current_view(campaign))


# ── the decision ────────────────────────────────────────────────────────────────────────────


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
    number: str = ""  # the 印发稿's 文号; a draft has none
    dated: str = "　　年　　月　　日"

    @property
    def draft(self) -> bool:
        return not self.number


def decision_of(view: FinalView) -> Decision:
    """The 表彰决定 of a final list: the grant, then the lists per award in the list's order,
    without the 涉敏 nominees (三（六）: 不予公开表彰). A released list's is the 印发稿, with
    its 文号 and 印发日期; the live draft's is a draft."""
    text = view.decision
    sections = []
    for section in text["sections"]:
        lines = view.of(section["award"], section["kind"])
        public = [_entry(line) for line in lines if not line.sensitive]
        sections.append(DecisionList(section["heading"], public, section["people"]))
    return Decision(
        title=text["title"],
        paragraphs=list(text["paragraphs"]),
        issuer=text["issuer"],
        lists=sections,
        number=text.get("number", ""),
        dated=text.get("dated") or "　　年　　月　　日",
    )


def decision(campaign: Campaign) -> Decision:
    return decision_of(current_view(campaign))


# ── the final list as a document ────────────────────────────────────────────────────────────


@dataclass(frozen=True)
class FinalListDocument:
    title: str
    order: str
    lists: list[AwardList]
    status: str  # under the title: 草稿 or the 文号 and 印发日期
    notes: list[str]  # a correction's reason and changes; a corrected list's pointer


def final_list_document(view: FinalView) -> FinalListDocument:
    released = view.released
    notes: list[str] = []
    if released is None:
        status = "（草稿，未发布）"
    else:
        status = f"（{released.number}，{view.decision.get('dated', '')}印发）"
        if released.corrects is not None:
            notes.append(f"本名单更正{released.corrects.number}，更正原因：{released.reason}")
            notes += [f"更正内容：{change}" for change in released.changes]
        correction = corrected_by(released)
        if correction is not None:
            notes.append(f"本名单已被{correction.number}更正，以更正后的名单为准。")
    return FinalListDocument(view.title, view.name_order, award_lists(view), status, notes)


def corrected_by(released: FinalList) -> FinalList | None:
    return FinalList.objects.filter(corrects=released).first()
