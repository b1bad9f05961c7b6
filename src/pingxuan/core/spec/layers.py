"""Campaigns in layers (三（二）: 自下而上、层层选拔): a campaign may name a parent campaign and the
parent's unit it stands for, and any campaign may record its units' 差额 rounds.

``[parent]`` says which unit of which campaign this campaign's picks go up as, and how many it
forwards per award (written as the 附件 writes places). A child spec is first checked on its own
(``own_issues``), then against its parent (``parent_issues``): it cannot forward more than the
parent gives that unit, per award and per reserved place, and a reserved place must mean what it
means upstairs. Nothing here knows how many levels there are: a parent may have a parent.

``[rounds]`` holds what the notice leaves to the spec about a 差额 vote: which bodies may vote,
the quorum and, if any, the share of votes a candidate needs. The notice names the bodies
(职代会, or between sessions the joint meeting it authorises) but says nothing of quorum or
majority, so those numbers are the spec's, never the code's.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from fractions import Fraction
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from pingxuan.core.spec.places import Places, Reservation, parse_places

if TYPE_CHECKING:
    from pingxuan.core.spec.models import Spec

Issue = tuple[str, str]


class _Strict(BaseModel):
    # The same settings as models.Strict; not imported from there because models imports us.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _places(value: object) -> object:
    if isinstance(value, (str, int)):
        return parse_places(str(value))
    return value


def _share(value: object) -> object:
    """``"2/3"`` → Fraction(2, 3); a share is a fraction of a whole, more than 0, at most 1."""
    if isinstance(value, Fraction):
        return value
    text = str(value).strip()
    try:
        share = Fraction(text)
    except (ValueError, ZeroDivisionError):
        raise ValueError(f"比例“{text}”无法识别：请写成分数，如“2/3”或“1/2”") from None
    if not 0 < share <= 1:
        raise ValueError(f"比例“{text}”须大于0且不超过1，如“2/3”")
    return share


ForwardPlaces = Annotated[Places, BeforeValidator(_places)]
Share = Annotated[Fraction, BeforeValidator(_share)]


class Parent(_Strict):
    """The campaign this one's picks are forwarded to, as one of its units."""

    campaign: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    unit: str
    # Award → the places forwarded, e.g. "4（一线产业工人1、一线科教1、农民工1）".
    forward: dict[str, ForwardPlaces]
    clause: str


class RoundRules(_Strict):
    """How a 差额 vote is judged; quorum and majority are the spec's (the notice is silent)."""

    clause: str
    bodies: list[str] = Field(min_length=1)
    quorum: Share
    majority: Share | None = None


def own_issues(spec: Spec) -> Iterator[Issue]:
    """A ``[parent]`` section that is wrong whatever the parent says."""
    if spec.parent is None:
        return
    if spec.parent.campaign == spec.campaign.id:
        yield "parent.campaign", "上级活动不能是本活动自己"
    awards = {award.name: award for award in spec.awards}
    for award_name, places in spec.parent.forward.items():
        path = f"parent.forward.{award_name}"
        award = awards.get(award_name)
        if award is None:
            yield path, f"本活动没有奖项“{award_name}”（已定义：{'、'.join(awards)}）"
            continue
        if places.total > award.total:
            yield (
                path,
                f"向上级报送{places.total}个，多于本活动“{award_name}”的总数{award.total}个",
            )
        for label in sorted(places.labels() - set(spec.reservations)):
            yield path, f"预留身份“{label}”未在本活动的 reservations 中定义"
    if spec.rounds is not None and len(set(spec.rounds.bodies)) != len(spec.rounds.bodies):
        yield "rounds.bodies", "表决机构重复"


def parent_issues(child: Spec, parent: Spec) -> list[Issue]:
    """The child checked against its parent: the unit exists, nothing is forwarded beyond what
    the parent gives that unit (per award and per reserved place), reserved places agree."""
    return list(_against_parent(child, parent))


def _against_parent(child: Spec, parent: Spec) -> Iterator[Issue]:
    link = child.parent
    assert link is not None
    title = parent.campaign.title
    units = {unit.name: unit for unit in parent.units}
    unit = units.get(link.unit)
    if unit is None:
        similar = [name for name in units if link.unit in name or name in link.unit]
        hint = "；请照上级配置的 units 填写单位名称"
        if similar:
            hint = f"；是不是“{'”“'.join(similar)}”？"
        yield "parent.unit", f"上级活动“{title}”没有推荐单位“{link.unit}”{hint}"
        return
    parent_awards = {award.name: award for award in parent.awards}
    for award_name, places in link.forward.items():
        path = f"parent.forward.{award_name}"
        award = parent_awards.get(award_name)
        if award is None:
            yield path, f"上级活动“{title}”没有奖项“{award_name}”"
            continue
        own = next((a for a in child.awards if a.name == award_name), None)
        if own is not None and own.subject != award.subject:
            yield path, f"“{award_name}”在本活动和上级活动中的对象类型不同"
        capacity = parent.capacity(link.unit, award_name)
        if places.total > capacity:
            yield (
                path,
                f"向上级报送{places.total}个，超过上级活动分配给“{link.unit}”的{capacity}个",
            )
        upstairs = unit.places.get(award_name)
        allowed = _label_counts(upstairs.reserved) if upstairs else {}
        for label, count in sorted(_label_counts(places.reserved).items()):
            if label not in allowed:
                yield (
                    path,
                    f"上级活动分配给“{link.unit}”的“{award_name}”名额中没有“{label}”预留名额",
                )
            elif count > allowed[label]:
                yield (
                    path,
                    f"“{label}”预留名额报送{count}个，超过上级活动分配的{allowed[label]}个",
                )
            elif _normal(child.reservations.get(label)) != _normal(parent.reservations.get(label)):
                yield (
                    f"reservations.{label}",
                    f"预留身份“{label}”的条件与上级活动不同（上级：{parent.reservations.get(label)}）",
                )


def _label_counts(reserved: tuple[Reservation, ...]) -> dict[str, int]:
    counts: dict[str, int] = {}
    stack = list(reserved)
    while stack:
        node = stack.pop()
        counts[node.label] = counts.get(node.label, 0) + node.count
        stack.extend(node.children)
    return counts


def _normal(condition: str | None) -> str:
    return " ".join((condition or "").split())


def chain(spec: Spec, load: Callable[[str], Spec | None]) -> list[Spec]:
    """The spec and its ancestors, nearest first, each checked against its parent.

    ``load`` reads a campaign by id (``loader.load_spec`` or the web's stored campaigns). Returns
    the chain, or raises ``LayerError`` with the key path and reason of every problem.
    """
    found = [spec]
    seen = {spec.campaign.id}
    while found[-1].parent is not None:
        child = found[-1]
        assert child.parent is not None
        wanted = child.parent.campaign
        if wanted in seen:
            raise LayerError(child.campaign.id, [("parent.campaign", "上级活动形成了循环")])
        parent = load(wanted)
        if parent is None:
            raise LayerError(
                child.campaign.id,
                [("parent.campaign", f"上级活动“{wanted}”尚未加载：请先加载上级活动")],
            )
        issues = parent_issues(child, parent)
        if issues:
            raise LayerError(child.campaign.id, issues)
        seen.add(wanted)
        found.append(parent)
    return found


class LayerError(Exception):
    """A campaign that does not fit its parent; ``issues`` are (key path, reason)."""

    def __init__(self, campaign: str, issues: list[Issue]):
        self.campaign = campaign
        self.issues = issues
        super().__init__("\n".join(f"{path}: {reason}" for path, reason in issues))
