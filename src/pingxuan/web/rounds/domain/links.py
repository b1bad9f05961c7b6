"""Loading a child campaign: its spec is checked against the stored parent (and the parent's own
parent, to any depth) before anything is stored; then the campaign is stored and linked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from pingxuan.core.spec.layers import LayerError, chain
from pingxuan.core.spec.loader import Problem, SpecError, load_spec, parse_spec, resolve_campaign
from pingxuan.core.spec.models import Spec
from pingxuan.web.audit.domain.record import record
from pingxuan.web.campaigns.domain.specs import campaign_spec, load_campaign_source
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.rounds.models import CampaignLink


def stored_spec(slug: str) -> Spec | None:
    """The spec of a stored campaign, or None when it has not been loaded."""
    campaign = Campaign.objects.filter(slug=slug).first()
    return campaign_spec(campaign) if campaign is not None else None


def load_child_campaign(path: str | Path, *, actor: Any = None, role: str = "") -> CampaignLink:
    """Store a campaign whose spec names a parent, and link it to the parent's unit.

    Raises ``SpecError`` (file, key path, reason) when the file is broken, names no parent, or
    does not fit a parent that must already be loaded.
    """
    file = resolve_campaign(str(path)).resolve()
    load_spec(file)  # the file's own errors, named by its path
    return load_child_source(file.read_text(encoding="utf-8"), str(file), actor=actor, role=role)


def load_child_source(
    source: str, source_path: str, *, actor: Any = None, role: str = ""
) -> CampaignLink:
    """``load_child_campaign`` for a spec text made in memory (the demo's county round)."""
    spec = parse_spec(source, source_path)
    if spec.parent is None:
        raise SpecError(
            source_path, [Problem("parent", "配置没有 [parent]：请用 load_campaign 加载")]
        )
    try:
        chain(spec, stored_spec)
    except LayerError as exc:
        raise SpecError(source_path, [Problem(p, reason) for p, reason in exc.issues]) from None
    with transaction.atomic():
        child = load_campaign_source(source, source_path)
        parent = Campaign.objects.get(slug=spec.parent.campaign)
        unit = parent.units.get(name=spec.parent.unit)
        link = CampaignLink.objects.filter(child=child).first()
        before = _described(link) if link else {}
        if link is None:
            link = CampaignLink.objects.create(
                child=child, parent=parent, unit=unit, linked_at=timezone.now()
            )
        elif (link.parent_id, link.unit_id) != (parent.pk, unit.pk):
            link.parent, link.unit, link.linked_at = parent, unit, timezone.now()
            link.save(update_fields=["parent", "unit", "linked_at"])
        after = _described(link)
        if before != after:
            record(
                "campaign.link",
                actor=actor,
                role=role,
                campaign=child,
                obj=link,
                changes={k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            )
    return link


def _described(link: CampaignLink) -> dict[str, str]:
    return {"上级活动": link.parent.slug, "上级推荐单位": link.unit.name}


def parent_link(campaign: Campaign) -> CampaignLink | None:
    return (
        CampaignLink.objects.select_related("parent", "unit", "child")
        .filter(child=campaign)
        .first()
    )
