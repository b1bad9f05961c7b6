"""Chinese wording of the spec schema's refusals: what is wrong with a key and how to write it.

pydantic names the key path and the kind of error; this module turns the kind into a Chinese
reason and adds a hint for the keys whose right form is not obvious (a share is a fraction,
an id is lower-case). Every refusal the loader gives goes through ``reason``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Hints by key path, with list indices replaced by [*]: the right form of the key.
HINTS: Mapping[str, str] = {
    "ratios[*].min": "比例须在 0 到 1 之间，例如 35% 写作 0.35",
    "ratios[*].max": "比例须在 0 到 1 之间，例如 35% 写作 0.35",
    "ratios[*].at_least": "at_least 是人数（或个数），写作不小于 0 的整数，例如 1",
    "campaign.id": "编号只用小写字母、数字和连字符，例如 zhengzhou-2024",
    "campaign.timezone": "目前只支持 Asia/Shanghai",
    "awards[*].total": "总名额写作正整数，例如 120",
    "awards[*].per_unit_max": "每个单位最多推荐几个，写作正整数，例如 2",
    "deadlines[*].at": "截止时间写作 2024-03-20T23:59:59+08:00",
    "eligibility.look_back_years": "年数写作正整数，例如 5",
    "publicity.min_working_days": "公示天数写作正整数（工作日），例如 5",
    "image_rules.max_width": "像素写作正整数，例如 1920",
    "image_rules.max_height": "像素写作正整数，例如 1080",
}

_TYPE_NAMES = {
    "int": "整数",
    "float": "数字",
    "decimal": "数字",
    "bool": "true 或 false",
    "string": "文字（加英文双引号）",
    "list": "列表（写作 [ … ]）",
    "dict": "表（写作 { … } 或 [表名]）",
    "model": "表（写作 { … } 或 [表名]）",
    "datetime": "日期时间",
    "date": "日期（写作 2024-03-20）",
}


def generic(path: str) -> str:
    """units[3].places → units[*].places: the key a hint is written for."""
    return re.sub(r"\[\d+\]", "[*]", path)


def hint_for(path: str) -> str:
    return HINTS.get(generic(path), "")


def reason(error_type: str, context: Mapping[str, object] | None, path: str) -> str:
    """The Chinese reason for one schema error, with the key's hint when it has one."""
    text = _reason(error_type, dict(context or {}))
    hint = hint_for(path)
    return f"{text}；{hint}" if hint else text


def _reason(error_type: str, ctx: dict[str, object]) -> str:
    if error_type == "missing":
        return "缺少此项，须写明"
    if error_type == "extra_forbidden":
        return "不认识此项：请检查拼写，或对照 docs/spec.md 删去"
    if error_type == "greater_than_equal":
        return f"须不小于 {ctx.get('ge')}"
    if error_type == "greater_than":
        return f"须大于 {ctx.get('gt')}"
    if error_type == "less_than_equal":
        return f"须不大于 {ctx.get('le')}"
    if error_type == "less_than":
        return f"须小于 {ctx.get('lt')}"
    if error_type == "literal_error":
        expected = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        return f"取值不在可选范围内（可选：{'、'.join(v.strip() for v in expected.split(','))}）"
    if error_type == "string_pattern_mismatch":
        return "格式不对"
    if error_type == "int_from_float":
        return "须为整数，不能带小数"
    if error_type == "timezone_aware":
        return "须带时区"
    if error_type == "frozen_set_type":
        return "须为列表（写作 [ … ]）"
    for prefix, name in _TYPE_NAMES.items():
        if error_type.startswith(f"{prefix}_"):
            return f"须为{name}"
    if error_type in ("model_type", "model_attributes_type", "dataclass_type"):
        return "须为表（写作 { … } 或 [表名]）"
    if error_type == "value_error":
        return str(ctx.get("error", "取值不对"))
    return f"取值不对（{error_type}）"
