"""A nomination of each subject with every free-text field at its longest allowed length: the
documents' worst case, for the page-structure tests and bench/documents.py."""

from __future__ import annotations

from pingxuan.core.columns import COLUMNS_BY_SUBJECT, Column, Kind
from pingxuan.web.campaigns.models import Campaign, Unit
from pingxuan.web.nominations.models import Nomination

# The web form's caps (portal/forms.py) where the column names none of its own.
LONG_TEXT = frozenset({"简要事迹", "新的突出贡献"})
FORM_LONG, FORM_SHORT = 4000, 200
DEEDS = (
    "该同志扎根生产一线二十余年，刻苦钻研技术，带领班组攻克关键工艺难题12项，"
    "累计完成技术革新36项、获国家专利8件，创造经济效益3,600余万元；"
    "他主持的“数控加工精度提升”项目获省职工技术创新成果一等奖。"
)


def max_length(column: Column) -> int:
    declared = getattr(column, "max_length", None)
    if isinstance(declared, int) and declared > 0:
        return declared
    return FORM_LONG if column.name in LONG_TEXT else FORM_SHORT


def longest_text(length: int, *, paragraph: int = 400) -> str:
    """``length`` characters of deeds-like text, a paragraph break every ``paragraph``."""
    text = (DEEDS * (length // len(DEEDS) + 1))[:length]
    chunks = [text[index : index + paragraph] for index in range(0, length, paragraph)]
    return "\n".join(chunks)[:length]


def lengthen(
    nomination: Nomination, *, deeds: int | None = None, paragraph: int = 400
) -> Nomination:
    """Every free-text cell of ``nomination`` at its longest (the deeds at ``deeds`` if given),
    a paragraph break every ``paragraph`` characters."""
    cells = dict(nomination.cells)
    for column in COLUMNS_BY_SUBJECT[nomination.subject]:
        if column.kind != Kind.TEXT:
            continue
        length = max_length(column)
        if column.name == "简要事迹" and deeds is not None:
            length = deeds
        cells[column.name] = longest_text(length, paragraph=paragraph)
    nomination.cells = cells
    nomination.save(update_fields=["cells"])
    return nomination


def longest_of_each_subject(campaign: Campaign, unit: Unit) -> dict[str, Nomination]:
    """The unit's first nomination of each subject, lengthened."""
    found: dict[str, Nomination] = {}
    for nomination in Nomination.objects.filter(campaign=campaign, unit=unit).order_by("pk"):
        if nomination.subject not in found:
            found[nomination.subject] = lengthen(nomination)
    return found
