"""The department-opinion matrix of 三（三）2, read from the 2024 spec."""

from __future__ import annotations

import pytest

from pingxuan.core.findings import RowRef
from pingxuan.core.nominations import NominationBuilder
from pingxuan.core.opinions import required_departments
from pingxuan.core.spec.models import Spec

SEVEN = ["发展改革", "人力资源社会保障", "生态环境", "卫生健康", "应急管理", "税务", "市场监管"]


def build(spec: Spec, award: str, **cells: str):  # type: ignore[no-untyped-def]
    return NominationBuilder(spec, spec.award(award)).build(RowRef(award, 2), cells)


@pytest.mark.parametrize(
    ("award", "cells", "departments"),
    [
        (
            "五一劳动奖状",
            {"是否企业": "是", "单位性质": "国有控股"},
            [*SEVEN, "审计", "纪检监察", "公安"],
        ),
        (
            "五一劳动奖状",
            {"是否企业": "是", "单位性质": "非公有制"},
            [*SEVEN, "统战部门", "工商联", "公安"],
        ),
        ("五一劳动奖状", {"是否企业": "否", "单位性质": "事业单位"}, ["公安"]),
        (
            "五一劳动奖章",
            {"身份类别": "企业负责人", "单位性质": "国有"},
            [*SEVEN, "审计", "纪检监察", "组织人事", "公安"],
        ),
        (
            "五一劳动奖章",
            {"身份类别": "企业负责人", "单位性质": "非公有制"},
            [*SEVEN, "统战部门", "工商联", "上级党委或主管部门", "公安"],
        ),
        (
            "五一劳动奖章",
            {"身份类别": "科教人员", "单位性质": "事业单位"},
            ["组织人事", "纪检监察", "公安"],
        ),
        ("五一劳动奖章", {"身份类别": "一线产业工人", "单位性质": "非公有制"}, ["公安"]),
        ("工人先锋号", {"是否企业一线班组": "是", "单位性质": "国有"}, ["公安"]),
    ],
)
def test_required_departments_follow_the_matrix(spec, award, cells, departments) -> None:
    assert required_departments(spec, build(spec, award, **cells)) == departments
