"""Load a campaign spec file and refuse a broken one with file, key path and reason."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from pingxuan.core.spec.messages import reason
from pingxuan.core.spec.models import Spec
from pingxuan.core.spec.semantics import check_semantics

CAMPAIGNS_ENV = "PINGXUAN_CAMPAIGNS"
_REPO_CAMPAIGNS = Path(__file__).resolve().parents[4] / "campaigns"


@dataclass(frozen=True, slots=True)
class Problem:
    path: str
    reason: str


class SpecError(Exception):
    """A spec that cannot be used; ``str()`` is a Chinese report, one line per problem."""

    def __init__(self, file: str, problems: list[Problem]):
        self.file = file
        self.problems = problems
        lines = [
            f"{file}: {p.path}: {p.reason}" if p.path else f"{file}: {p.reason}" for p in problems
        ]
        super().__init__("\n".join(lines))


def campaigns_dir() -> Path:
    return Path(os.environ.get(CAMPAIGNS_ENV) or _REPO_CAMPAIGNS)


def resolve_campaign(name_or_path: str) -> Path:
    """A campaign id (``zhengzhou-2024``) from the campaigns folder, or a path to a spec file."""
    candidate = Path(name_or_path)
    if candidate.suffix == ".toml" or candidate.exists():
        return candidate
    return campaigns_dir() / f"{name_or_path}.toml"


def load_spec(name_or_path: str | Path) -> Spec:
    path = resolve_campaign(str(name_or_path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SpecError(str(path), [Problem("", "找不到评选活动配置文件")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecError(str(path), [Problem("", f"无法读取（{exc}）")]) from None
    return parse_spec(text, str(path))


def parse_spec(text: str, file: str = "<spec>") -> Spec:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(file, [Problem("", f"TOML 格式错误：{exc}")]) from None
    try:
        spec = Spec.model_validate(raw)
    except ValidationError as exc:
        raise SpecError(file, [_problem(error) for error in exc.errors()]) from None
    problems = [Problem(path, reason) for path, reason in check_semantics(spec)]
    if problems:
        raise SpecError(file, problems)
    return _in_campaign_zone(spec)


def _problem(error: object) -> Problem:
    assert isinstance(error, dict)
    path = key_path(error["loc"])
    return Problem(path, reason(error["type"], error.get("ctx"), path))


def key_path(location: tuple[object, ...]) -> str:
    """('units', 3, 'places', '工人先锋号') → units[3].places.工人先锋号"""
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _in_campaign_zone(spec: Spec) -> Spec:
    zone = ZoneInfo(spec.campaign.timezone)
    deadlines = [
        d.model_copy(update={"at": d.at.astimezone(zone) if d.at else None}) for d in spec.deadlines
    ]
    return spec.model_copy(update={"deadlines": deadlines})
