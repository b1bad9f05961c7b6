"""Which campaign a workbook belongs to, when the user did not say: by its award sheets.

``pingxuan check`` once fell back to zhengzhou-2024, so a national workbook lost all three award
sheets to "unknown" and got only unit-name errors. Now the campaign whose award sheets the
workbook has is used, and a workbook that matches none, or several equally, is refused plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pingxuan.core.cells import text_of
from pingxuan.core.columns import UNIT_SHEET
from pingxuan.core.spec.loader import SpecError, campaigns_dir, load_spec
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import exchange_sheets, read_workbook, sheet_rows
from pingxuan.core.xlsx_guard import guard_workbook, sheet_names

# Sheets of the exchange template that are not data: never "unknown".
TEMPLATE_SHEETS = frozenset({UNIT_SHEET, "选项", "填写说明"})


class NoMatchingCampaign(Exception):
    """The workbook matches no campaign, or several equally (a county's sheets named as the
    city's, and 推荐单位 that do not tell them apart); ``str()`` says what to do."""


@dataclass(frozen=True, slots=True)
class Match:
    spec: Spec
    sheets: tuple[str, ...]  # the workbook's award sheets of this campaign


def known_campaigns() -> tuple[list[Spec], list[str]]:
    """Every spec in the campaigns folder, and a line for each file that does not load."""
    specs, broken = [], []
    for path in sorted(campaigns_dir().glob("*.toml")):
        try:
            specs.append(load_spec(path))
        except SpecError as exc:
            broken.append(f"{path.name}（{exc.problems[0].reason}）")
    return specs, broken


def match_campaign(path: Path) -> Match:
    names = [name.strip() for name in sheet_names(path)]
    specs, broken = known_campaigns()
    scored = [Match(spec, tuple(a.name for a in spec.awards if a.name in names)) for spec in specs]
    best = max((len(m.sheets) for m in scored), default=0)
    matches = [m for m in scored if best and len(m.sheets) == best]
    if len(matches) > 1:
        matches = _by_units(path, matches)
    if len(matches) == 1:
        return matches[0]
    if matches:
        # A workbook that no campaign could read (a sheet without its 推荐单位 column) is told
        # what is wrong with it, not which campaign to name.
        read_workbook(path, matches[0].spec)
        ids = "、".join(m.spec.campaign.id for m in matches)
        raise NoMatchingCampaign(
            f"{path.name}：无法判断属于哪个评选活动：{ids}的奖项工作表相同，工作簿里的推荐单位"
            "也分不出是哪一个（例如县里的评选与市里的奖项同名、工作簿还没有填写推荐对象）。"
            "请用 --campaign 指定其一"
        )
    known = "；".join(
        f"{spec.campaign.id}：{'、'.join(a.name for a in spec.awards)}" for spec in specs
    )
    message = (
        f"{path.name}：没有哪个评选活动的奖项工作表在其中（工作簿的工作表：{'、'.join(names)}）。"
        f"已知评选活动及其奖项工作表：{known or '无'}。"
        "请核对工作表名称，或用 --campaign 指定评选活动编号或配置文件"
    )
    if broken:
        message += f"（未能加载：{'、'.join(broken)}）"
    raise NoMatchingCampaign(message)


def _by_units(path: Path, matches: list[Match]) -> list[Match]:
    """Among campaigns with the same award sheets (a county names its awards as the city does),
    those that know the most of the workbook's 推荐单位."""
    scores = []
    for match in matches:
        guard_workbook(path, exchange_sheets(match.spec))
        rows = sheet_rows(path, match.sheets[0])
        header = ["".join(text_of(cell).split()).strip("*＊") for cell in (rows[0] if rows else [])]
        units: set[str] = set()
        if "推荐单位" in header:
            at = header.index("推荐单位")
            units = {text_of(row[at]).strip() for row in rows[1:] if at < len(row)}
        scores.append(len(units & set(match.spec.unit_names())))
    best = max(scores)
    return [match for match, score in zip(matches, scores, strict=True) if score == best]


def unknown_sheets(path: Path, spec: Spec) -> list[str]:
    """Sheets that are neither an award of ``spec`` nor part of the exchange template."""
    known = {a.name for a in spec.awards} | TEMPLATE_SHEETS
    return [name for name in sheet_names(path) if name.strip() not in known]
