"""Small pieces of wording shared by the page builders: measure words, award order, conditions."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from pingxuan.core.spec.expressions import parse
from pingxuan.core.spec.models import Award, Spec


def measure_word(award: Award) -> str:
    """名 for people, 个 for organisations and teams, as the notice counts them."""
    return _("名") if award.subject == "person" else _("个")


def award_order(spec: Spec) -> list[Award]:
    """The awards in the 附件's column order: pooled awards first, then the per-unit awards in the
    order the units' places name them (the spec's own award list follows clause 一 instead)."""
    ordered = [award for award in spec.awards if award.allocation == "pool"]
    for unit in spec.units:
        for name in unit.places:
            award = spec.award(name)
            if award not in ordered:
                ordered.append(award)
    ordered.extend(award for award in spec.awards if award not in ordered)
    return ordered


def subject_label(award: Award) -> str:
    return {"organisation": _("单位"), "person": _("个人"), "team": _("集体")}[award.subject]


def condition_text(source: str) -> str:
    """A spec condition with its connectives in Chinese; an empty condition means everybody."""
    text = parse(source).source
    if not text:
        return _("全部")
    return (
        text.replace(" and ", _(" 且 "))
        .replace(" or ", _(" 或 "))
        .replace(" has ", _(" 含 "))
        .replace("|", "／")
    )


def percent(value: Decimal) -> str:
    """0.35 → 35, 0.055 → 5.5 (no trailing zeros, never an exponent)."""
    return format((value * 100).normalize(), "f")


def chinese_number(number: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十: how the notice numbers its items (1–99)."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if not 0 < number < 100:
        return str(number)
    head = "" if tens == 0 else ("十" if tens == 1 else digits[tens] + "十")
    return head + (digits[ones] if ones else "")
