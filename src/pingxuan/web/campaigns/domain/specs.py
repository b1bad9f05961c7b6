"""Loading a campaign spec file into the database, and reading the spec of a stored campaign.

The spec is validated by the core on the way in, so a stored campaign always parses; pages ask
``campaign_spec`` for the parsed spec instead of parsing the text themselves.
"""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from pingxuan.core.spec.loader import load_spec, parse_spec, resolve_campaign
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.models import Campaign


def load_campaign_file(path: str | Path) -> Campaign:
    """Store the campaign a spec file describes, or refresh it; loading the same file twice is a no-op.

    Raises ``SpecError`` (file, key path and reason) for a file that is missing or broken.
    """
    file = resolve_campaign(str(path))
    spec = load_spec(file)
    source = file.read_text(encoding="utf-8")
    fields = {
        "title": spec.campaign.title,
        "spec_source": source,
        "source_path": str(file),
    }
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(slug=spec.campaign.id).first()
        if campaign is None:
            return Campaign.objects.create(slug=spec.campaign.id, loaded_at=timezone.now(),
                                           **fields)
        changed = [name for name, value in fields.items() if getattr(campaign, name) != value]
        if changed:
            for name in changed:
                setattr(campaign, name, fields[name])
            # loaded_at keys the parsed-spec cache, so it moves only when something changed.
            campaign.loaded_at = timezone.now()
            campaign.save(update_fields=[*changed, "loaded_at"])
    return campaign


_specs: dict[tuple[int, datetime], Spec] = {}
_specs_lock = threading.Lock()


def campaign_spec(campaign: Campaign) -> Spec:
    """The parsed spec of a stored campaign, parsed once per (campaign, load)."""
    key = (campaign.pk, campaign.loaded_at)
    spec = _specs.get(key)
    if spec is None:
        spec = parse_spec(campaign.spec_source, campaign.source_path)
        with _specs_lock:
            for stale in [k for k in _specs if k[0] == campaign.pk]:
                del _specs[stale]
            _specs[key] = spec
    return spec
