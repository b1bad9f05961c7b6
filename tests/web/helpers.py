"""Constants and types shared by the web tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

CAMPAIGN_FILE = Path(__file__).resolve().parents[2] / "campaigns" / "zhengzhou-2024.toml"

EditedSpec = Callable[..., Path]
