"""Selection instances: the 2024 campaign with more candidates than places, and tiny campaigns
with random facts small enough to enumerate every list."""

from __future__ import annotations

import random
import re
from decimal import Decimal
from pathlib import Path

from pingxuan.core.nominations import Nomination
from pingxuan.core.select.candidates import Key, key_of
from pingxuan.core.spec.loader import parse_spec
from pingxuan.core.spec.models import Spec
from tests.factories.campaign import Generator, Rows

ROOT = Path(__file__).resolve().parents[3]
BADGE, MEDAL, TEAM = "五一劳动奖状", "五一劳动奖章", "工人先锋号"
_UNITS_BLOCK = re.compile(r"\[\[units\]\]\n(?:[^\n\[#]+\n)+\n*")

# Three units; totals small enough to enumerate, large enough that every 2024 ratio can hold.
TINY_UNITS = (
    ("甲单位", "县级", {TEAM: "3（企业班组2，其中非公1）", MEDAL: "6（一线产业工人3、一线科教1）"}),
    ("乙单位", "产业", {TEAM: "2", MEDAL: "4（农民工1）"}),
    ("丙单位", "基层", {}),
)
TINY_TOTALS = {BADGE: 3, MEDAL: 10, TEAM: 5}


def _set_total(text: str, award: str, total: int) -> str:
    pattern = re.compile(rf'(name = "{award}"\n(?:[^\[\n][^\n]*\n)*?total = )\d+')
    return pattern.sub(rf"\g<1>{total}", text, count=1)


def tiny_spec(extra: str = "") -> Spec:
    """The tiny campaign; ``extra`` is TOML appended to the spec (another ``[[ratios]]``)."""
    text = (ROOT / "campaigns" / "zhengzhou-2024.toml").read_text(encoding="utf-8") + extra
    units = ""
    for name, level, places in TINY_UNITS:
        cells = ", ".join(f'"{award}" = "{cell}"' for award, cell in places.items())
        units += f'[[units]]\nname = "{name}"\nlevel = "{level}"\nplaces = {{ {cells} }}\n\n'
    blocks = list(_UNITS_BLOCK.finditer(text))
    text = text[: blocks[0].start()] + units + text[blocks[-1].end() :]
    for award, total in TINY_TOTALS.items():
        text = _set_total(text, award, total)
    return parse_spec(text, "tiny.toml")


def tiny_rows(spec: Spec, seed: int) -> Rows:
    """Random facts: 7 teams, 6 organisations, 13 people (a leader and alternate sometimes)."""
    rng = random.Random(seed)
    generator = Generator(spec, seed)
    rows: Rows = {BADGE: [], MEDAL: [], TEAM: []}
    for unit, _, _ in TINY_UNITS:
        for index in range(2):
            row = generator.organisation(unit, index)
            enterprise = rng.random() < 0.7
            row["是否企业"] = "是" if enterprise else "否"
            row["单位性质"] = rng.choice(["非公有制", "国有"]) if enterprise else "事业单位"
            row["是否重点产业"] = rng.choice(["是", "否"])
            rows[BADGE].append(row)
    for unit, count in (("甲单位", 4), ("乙单位", 3)):
        for _ in range(count):
            row = generator.team(unit, {})
            row["是否企业一线班组"] = "是" if rng.random() < 0.75 else "否"
            row["集体类型"] = "班组" if row["是否企业一线班组"] == "是" else "科室"
            row["单位性质"] = rng.choice(["非公有制", "国有"])
            row["是否重点产业"] = rng.choice(["是", "否"])
            rows[TEAM].append(row)
    categories = ["一线产业工人", "一线产业工人", "其他一线职工和专业技术人员", "科教人员"]
    for unit, count in (("甲单位", 8), ("乙单位", 5)):
        for index in range(count):
            if unit == "甲单位" and index == 0 and seed % 2 == 0:
                leader = generator.person(unit, {"身份类别": "企业负责人", "单位性质": "非公有制"})
                rows[MEDAL].append(leader)
                alternate = generator.person(
                    unit, {"身份类别": "一线产业工人"}, kind="备选", alternate_of=leader["序号"]
                )
                rows[MEDAL].append(alternate)
                continue
            row = generator.person(unit, {"身份类别": rng.choice(categories)})
            tags = {tag for tag in ("一线", "农民工") if rng.random() < 0.4}
            if row["身份类别"] == "科教人员" and rng.random() < 0.7:
                tags.add("一线")
            row["人员标签"] = "、".join(sorted(tags, key=spec.vocabulary.tags.index))
            row["单位性质"] = rng.choice(["非公有制", "国有"])
            row["是否重点产业"] = rng.choice(["是", "否"])
            rows[MEDAL].append(row)
    return rows


def random_scores(nominations: list[Nomination], seed: int, high: int = 100) -> dict[Key, Decimal]:
    rng = random.Random(seed * 7919)
    return {key_of(n): Decimal(rng.randrange(0, high)) for n in nominations}


def with_extra_candidates(spec: Spec, seed: int = 2024) -> Rows:
    """The compliant 2024 campaign, and every unit with medal places puts forward two more
    people and every unit with team places one more team: the city must leave some out."""
    generator = Generator(spec, seed)
    rows = generator.rows()
    for unit in spec.units:
        if MEDAL in unit.places:
            rows[MEDAL].append(generator.person(unit.name, {"身份类别": "一线产业工人"}))
            rows[MEDAL].append(
                generator.person(
                    unit.name, {"身份类别": "科教人员", "人员标签": frozenset({"一线"})}
                )
            )
        if TEAM in unit.places:
            rows[TEAM].append(generator.team(unit.name, {}))
    return rows
