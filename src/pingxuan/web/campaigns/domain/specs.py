"""Loading a campaign spec file into the database, and reading the spec of a stored campaign.

The spec is validated by the core on the way in, so a stored campaign always parses; pages ask
``campaign_spec`` for the parsed spec instead of parsing the text themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from pingxuan.core.spec.loader import load_spec, parse_spec, resolve_campaign
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.models import Campaign, Unit


def load_campaign_file(path: str | Path) -> Campaign:
    """Store or refresh the campaign a spec file describes; an unchanged file changes nothing.

    Raises ``SpecError`` (file, key path and reason) for a file that is missing or broken.
    """
    file = resolve_campaign(str(path)).resolve()
    load_spec(file)  # the file's own errors, named by its path
    return load_campaign_source(file.read_text(encoding="utf-8"), str(file))


def load_campaign_source(source: str, source_path: str) -> Campaign:
    """Store or refresh the campaign a spec text describes (``source_path`` says where it came
    from): what a file load does, for a spec made in memory such as the demo's."""
    spec = parse_spec(source, source_path)
    fields = {
        "title": spec.campaign.title,
        "spec_source": source,
        "source_path": source_path,
    }
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(slug=spec.campaign.id).first()
        if campaign is None:
            campaign = Campaign.objects.create(
                slug=spec.campaign.id, loaded_at=timezone.now(), **fields
            )
        else:
            changed = [name for name, value in fields.items() if getattr(campaign, name) != value]
            if changed:
                for name in changed:
                    setattr(campaign, name, fields[name])
                campaign.loaded_at = timezone.now()
                campaign.save(update_fields=[*changed, "loaded_at"])
        _sync_units(campaign, spec)
    return campaign


def _sync_units(campaign: Campaign, spec: Spec) -> None:
    """Units follow the spec; a unit dropped from the spec stays while rows still point at it."""
    existing = {unit.name: unit for unit in campaign.units.all()}
    for position, spec_unit in enumerate(spec.units, start=1):
        unit = existing.get(spec_unit.name)
        if unit is None:
            Unit.objects.create(
                campaign=campaign, name=spec_unit.name, level=spec_unit.level, position=position
            )
        elif (unit.level, unit.position) != (spec_unit.level, position):
            unit.level, unit.position = spec_unit.level, position
            unit.save(update_fields=["level", "position"])


@dataclass(frozen=True, slots=True)
class _Parsed:
    source: str
    spec: Spec


_parsed: dict[int, _Parsed] = {}


def campaign_spec(campaign: Campaign) -> Spec:
    """The parsed spec of a stored campaign, parsed again only when its text has changed."""
    # Keyed on the text itself rather than on loaded_at: two loads within one clock tick (or
    # under frozen time in tests) must not serve the older spec.
    cached = _parsed.get(campaign.pk)
    if cached is None or cached.source != campaign.spec_source:
        cached = _Parsed(
            campaign.spec_source, parse_spec(campaign.spec_source, campaign.source_path)
        )
        _parsed[campaign.pk] = cached
    return cached.spec
