"""Shared fixtures of the web tests: the 2024 campaign loaded, and spoilt copies of its file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from tests.web.helpers import CAMPAIGN_FILE, EditedSpec


@pytest.fixture(autouse=True)
def media(settings: object, tmp_path: Path) -> Path:
    """Uploads of every web test go to its own folder, never to var/media."""
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root  # type: ignore[attr-defined]
    return root


@pytest.fixture
def campaign(db: None) -> Campaign:
    return load_campaign_file(CAMPAIGN_FILE)


@pytest.fixture
def edited_spec(tmp_path: Path) -> EditedSpec:
    """A copy of the 2024 spec file, the first occurrence of each ``old`` replaced by ``new``."""

    def edit(*replacements: tuple[str, str], name: str = "edited.toml") -> Path:
        text = CAMPAIGN_FILE.read_text(encoding="utf-8")
        for old, new in replacements:
            assert old in text, f"{old!r} is not in the 2024 spec any more"
            text = text.replace(old, new, 1)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return edit
