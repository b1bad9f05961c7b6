"""A national-scale campaign: the 2024 notice with 3,000 generated units and 100,000 nominations.

The spec keeps every rule, ratio and vocabulary of campaigns/zhengzhou-2024.toml and swaps only
the allocation table, so the benchmark runs the real rules rather than a toy. The exchange
workbook takes about a minute to write, so it is cached under var/bench/, keyed by the spec text,
the generator's source, this module's source and ``DATA_VERSION``.
"""

from __future__ import annotations

import hashlib
import random
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from pingxuan.core import sample
from pingxuan.core.nominations import Nomination, UnitReport
from pingxuan.core.sample import (
    Generator,
    Rows,
    build_nominations,
    id_number,
    write_workbook,
)
from pingxuan.core.spec.loader import parse_spec
from pingxuan.core.spec.models import Spec

ROOT = Path(__file__).resolve().parents[1]
SOURCE_SPEC = ROOT / "campaigns" / "zhengzhou-2024.toml"
CACHE_DIR = ROOT / "var" / "bench"

DATA_VERSION = 1  # bump to regenerate the cached workbook when nothing else would

UNITS = 3_000
NOMINATIONS = 100_000
LEADERS = 2  # units that put forward an enterprise leader, each with one alternate
LEVELS = ("县级", "产业", "基层", "其他")
MEDAL_PLACES = "20（一线产业工人8、一线科教3、农民工2）"
MEDAL_EACH = 20
BADGE_TOTAL = 3_000  # pooled: every unit puts forward per_unit_max (2), half can be honoured
BADGE_EACH = 2
TEAM_PLACES = "{}（企业班组8，其中非公4）"
TEAM_EACH = 11  # some units get one more, so that the campaign has exactly NOMINATIONS rows

_UNITS_BLOCK = re.compile(r"\[\[units\]\]\n(?:[^\n\[#]+\n)+\n*")


def unit_name(index: int) -> str:
    return f"单位{index + 1:04d}"


def _team_places() -> list[int]:
    teams = NOMINATIONS - UNITS * (MEDAL_EACH + BADGE_EACH) - LEADERS
    larger = teams - UNITS * TEAM_EACH
    assert 0 <= larger <= UNITS
    return [TEAM_EACH + 1 if index < larger else TEAM_EACH for index in range(UNITS)]


def _set_total(text: str, award: str, total: int) -> str:
    """Rewrite ``total = N`` of one [[awards]] block, refusing a spec of another shape."""
    pattern = re.compile(rf'(name = "{award}"\n(?:[^\[\n][^\n]*\n)*?total = )\d+')
    replaced, count = pattern.subn(rf"\g<1>{total}", text, count=1)
    if count != 1:
        raise ValueError(f"{SOURCE_SPEC.name}: no total for award {award}")
    return replaced


def national_spec_text() -> str:
    text = SOURCE_SPEC.read_text(encoding="utf-8")
    teams = _team_places()
    units = "".join(
        f'[[units]]\nname = "{unit_name(i)}"\nlevel = "{LEVELS[i % len(LEVELS)]}"\n'
        f'places = {{ "工人先锋号" = "{TEAM_PLACES.format(teams[i])}", '
        f'"五一劳动奖章" = "{MEDAL_PLACES}" }}\n\n'
        for i in range(UNITS)
    )
    blocks = list(_UNITS_BLOCK.finditer(text))
    if not blocks:
        raise ValueError(f"{SOURCE_SPEC.name}: no [[units]] to replace")
    text = text[: blocks[0].start()] + units + text[blocks[-1].end() :]
    text = _set_total(text, "五一劳动奖状", BADGE_TOTAL)
    text = _set_total(text, "五一劳动奖章", UNITS * MEDAL_EACH)
    text = _set_total(text, "工人先锋号", sum(teams))
    return text.replace('id = "zhengzhou-2024"', 'id = "national-bench"', 1)


@dataclass
class Dataset:
    spec: Spec
    spec_path: Path
    rows: Rows
    nominations: list[Nomination]
    reports: list[UnitReport]
    workbook: Path
    generated_workbook: bool  # False when the cached file was reused


def _cache_key(spec_text: str) -> str:
    digest = hashlib.sha256(f"v{DATA_VERSION}\n".encode())
    digest.update(spec_text.encode())
    digest.update(Path(sample.__file__).read_bytes())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def _distinct_id_numbers(rows: Rows, seed: int = 3000) -> int:
    """Give every person their own 身份证号; returns how many were drawn again.

    The generator draws 500 numbers per birth date, plenty for a city but not for 60,000 people:
    about two hundred would share a number and the check would rightly call them duplicates.
    """
    rng = random.Random(seed)
    seen: set[str] = set()
    redrawn = 0
    for sheet in rows.values():
        for row in sheet:
            number = row.get("身份证号")
            if not number:
                continue
            while number in seen:
                birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
                number = id_number(rng, birth, female=int(number[16]) % 2 == 0)
                redrawn += 1
            row["身份证号"] = number
            seen.add(number)
    return redrawn


def load(cache_dir: Path = CACHE_DIR) -> Dataset:
    """The national spec, its rows and nominations, and the cached exchange workbook."""
    text = national_spec_text()
    spec = parse_spec(text, "national-bench.toml")
    rows = Generator(spec).rows(leaders=LEADERS)
    _distinct_id_numbers(rows)
    nominations, reports = build_nominations(spec, rows)

    cache_dir.mkdir(parents=True, exist_ok=True)
    key = _cache_key(text)
    spec_path = cache_dir / f"national-{key}.toml"
    workbook = cache_dir / f"national-{key}.xlsx"
    generated = not workbook.exists()
    if generated:
        for stale in cache_dir.glob("national-*.*"):
            stale.unlink()
        partial = workbook.with_suffix(".partial")
        write_workbook(partial, spec, rows)
        partial.rename(workbook)
    if not spec_path.exists():
        spec_path.write_text(text, encoding="utf-8")
    return Dataset(spec, spec_path, rows, nominations, reports, workbook, generated)
