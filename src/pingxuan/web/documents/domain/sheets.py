"""What the per-nomination forms hold: 简表, 推荐审批表 and 有关部门签署意见表 (四). One sheet is
built from the stored nomination; the PDF template and the docx builder only lay it out, so the
two files of a form always say the same thing.

ID numbers are masked as on every page: the city matches a form to its row by name and unit,
and a printed form travels through many hands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from pingxuan.core.documents.procedure import award_year_and_city
from pingxuan.core.identifiers import mask_id_number
from pingxuan.core.spec.models import Spec
from pingxuan.web.campaigns.domain.specs import campaign_spec
from pingxuan.web.materials.models import Material
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.opinions.domain.required import required_for

BRIEF, APPROVAL, OPINIONS = "brief", "approval", "opinions"
SHEET_NAMES = {BRIEF: "简表", APPROVAL: "推荐审批表", OPINIONS: "有关部门签署意见表"}
TITLE_WORDS = {
    BRIEF: "推荐对象简表",
    APPROVAL: "推荐审批表",
    OPINIONS: "推荐对象有关部门签署意见表",
}

# A portrait for the form's photo box: the spec may ask for one by any name with 免冠 in it
# (近期免冠照片, 二寸免冠照片); 公示现场照片 and the like are never a portrait.
PORTRAIT_MARK = "免冠"

# The grid of basic facts per subject, in the order the paper forms list them.
FACTS = {
    "person": ("姓名", "性别", "民族", "出生年月", "政治面貌", "身份证号", "工作单位", "职务",
               "单位性质", "身份类别", "荣誉级别"),
    "organisation": ("单位全称", "统一社会信用代码", "单位性质", "是否企业", "是否重点产业",
                     "荣誉级别", "职代会审议日期"),
    "team": ("集体名称", "所属单位全称", "集体类型", "单位性质", "是否重点产业", "荣誉级别",
             "职代会审议日期"),
}  # fmt: skip


@dataclass(frozen=True)
class Box:
    """A box to be signed: whose opinion, and who seals it."""

    label: str
    seal: str


@dataclass(frozen=True)
class Sheet:
    kind: str
    title: str
    award: str
    subject: str
    unit: str
    name: str
    facts: list[tuple[str, str]]
    honours: list[str]
    areas: list[str]
    deeds: str
    photo: Path | None = None
    departments: list[str] = field(default_factory=list)
    boxes: list[Box] = field(default_factory=list)

    @property
    def wants_photo(self) -> bool:
        return self.subject == "person"


def title_prefix(spec: Spec) -> str:
    """``2024年郑州市`` from the campaign's title, for the forms' titles."""
    return award_year_and_city(spec)


def _value(nomination: Nomination, column: str) -> str:
    value = str(nomination.cells.get(column) or "").strip()
    if column == "身份证号" and value:
        return mask_id_number(value)
    return value


def facts_of(nomination: Nomination) -> list[tuple[str, str]]:
    """The facts a form prints, the ID number masked: the 简表's, the reviewer's viewer's."""
    return [(column, _value(nomination, column)) for column in FACTS[nomination.subject]]


def portrait(nomination: Nomination) -> Path | None:
    """The nomination's stored (re-encoded) portrait, if the spec asks for one and it is there."""
    material = (
        Material.objects.filter(nomination=nomination, requirement__contains=PORTRAIT_MARK)
        .order_by("-uploaded_at", "-pk")
        .first()
    )
    if material is None:
        return None
    path = Path(settings.MEDIA_ROOT) / material.path
    return path if path.is_file() else None


def _boxes(kind: str, spec: Spec) -> list[Box]:
    """The signature boxes: the 推荐审批表's last one is the federation's, printed as the form
    says it (市总工会意见 in Zhengzhou; 县总工会意见, 全国总工会意见 from the spec) and sealed
    in its full name."""
    if kind == BRIEF:
        return [Box(_("基层工会意见"), _("基层工会（盖章）"))]
    if kind == APPROVAL:
        info = spec.campaign
        return [
            Box(_("所在单位意见"), _("所在单位（盖章）")),
            Box(_("推荐单位意见"), _("推荐单位（盖章）")),
            Box(
                _("%(federation)s意见") % {"federation": info.federation_short},
                _("%(issuer)s（盖章）") % {"issuer": info.federation},
            ),
        ]
    return []


def nomination_sheet(nomination: Nomination, kind: str) -> Sheet:
    spec = campaign_spec(nomination.campaign)
    award = spec.award(nomination.award)
    areas_by_number = {str(area.number): area.text for area in spec.contribution_areas}
    areas = [
        f"（{number}）{areas_by_number[number]}"
        for number in re.split(r"[、,，\s]+", _value(nomination, "贡献领域"))
        if number in areas_by_number
    ]
    honours = [f"{h.year}年　{h.name}" for h in nomination.honours.all()]
    return Sheet(
        kind=kind,
        title=f"{title_prefix(spec)}{award.name}{TITLE_WORDS[kind]}",
        award=award.name,
        subject=award.subject,
        unit=nomination.unit.name,
        name=nomination.display_name,
        facts=facts_of(nomination),
        honours=honours,
        areas=areas,
        deeds=_value(nomination, "简要事迹"),
        photo=portrait(nomination) if award.subject == "person" and kind != OPINIONS else None,
        departments=required_for(nomination, spec) if kind == OPINIONS else [],
        boxes=_boxes(kind, spec),
    )
