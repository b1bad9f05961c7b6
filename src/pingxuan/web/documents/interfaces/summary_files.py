"""The 推荐对象情况汇总表 as files: the core's streaming xlsx writer, and a PDF (A3 landscape, the
columns a reviewer reads on paper) with the unit's place usage, totals, and the signature and seal
block the notice asks for (四：领导及经办人签名并加盖公章)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

from pingxuan.core.documents.tables import LAST, SEQ, UNIT, SummaryTable
from pingxuan.core.identifiers import mask_id_number
from pingxuan.web.documents.interfaces.pdf import render_pdf

# The columns the paper table prints (in the table's own order); the xlsx carries them all.
PRINTED = {
    "person": ("姓名", "性别", "民族", "出生年月", "政治面貌", "身份证号", "工作单位", "职务",
               "单位性质", "身份类别", "人员标签", "是否重点产业", "荣誉级别", "表彰类型",
               "备选对象序号", "涉敏", "简要事迹"),
    "organisation": ("单位全称", "统一社会信用代码", "单位性质", "是否企业", "是否重点产业",
                     "贡献领域", "开展劳动和技能竞赛", "荣誉级别", "职代会审议日期", "涉敏",
                     "简要事迹"),
    "team": ("集体名称", "所属单位全称", "集体类型", "是否企业一线班组", "单位性质",
             "是否重点产业", "贡献领域", "荣誉级别", "涉敏", "简要事迹"),
}  # fmt: skip


# Column widths on paper (em at 9pt); 简要事迹 takes what is left. Names and ID numbers must not
# wrap: a name broken over two lines reads as two people.
WIDTHS = {"序号": 2.6, "推荐单位": 5, "姓名": 4.6, "性别": 2.2, "民族": 3.2, "出生年月": 4.6,
          "政治面貌": 4.4, "身份证号": 10, "工作单位": 7, "职务": 4.5, "单位性质": 4.4,
          "身份类别": 6, "人员标签": 4, "是否重点产业": 3.2, "荣誉级别": 3.2, "表彰类型": 4.4,
          "备选对象序号": 3.4, "涉敏": 2.2, "单位全称": 12, "统一社会信用代码": 10.5,
          "集体名称": 8, "所属单位全称": 12, "是否企业": 3.2, "贡献领域": 4,
          "开展劳动和技能竞赛": 4.4, "职代会审议日期": 5.4, "集体类型": 3.2,
          "是否企业一线班组": 4.4}  # fmt: skip
NO_WRAP = {"姓名", "身份证号", "出生年月"}
# Longer than this a name or number wraps after all rather than run over its neighbours.
NO_WRAP_MAX = 20
# A row with a cell this long may be taller than what is left of the page: it runs on under the
# repeated header instead of jumping whole to the next page and leaving a gap.
RUNS_ON_CHARS = 200


def write_xlsx(table: SummaryTable, out: BinaryIO) -> None:
    from pingxuan.core.documents.summary_xlsx import write_summary_xlsx

    write_summary_xlsx(table, out)


@dataclass(frozen=True)
class PrintedGroup:
    unit: str
    usage: str
    subtotal: str
    rows: list[tuple[bool, list[tuple[str, str]]]]  # (runs on, (text, CSS class) per cell)


def _printed(table: SummaryTable) -> tuple[list[str], list[PrintedGroup]]:
    wanted = {SEQ, UNIT, *PRINTED[table.award.subject]}
    headers = table.headers
    keep = [index for index, name in enumerate(headers) if name in wanted]
    masked = headers.index("身份证号") if "身份证号" in headers else -1
    classes = [
        "deeds" if headers[i] == LAST else "nowrap" if headers[i] in NO_WRAP else "" for i in keep
    ]
    groups = []
    for group in table.groups:
        rows = []
        for cells in table.group_rows(group):
            if masked >= 0 and cells[masked]:
                cells[masked] = mask_id_number(cells[masked])
            printed = [
                (cells[i], "" if css == "nowrap" and len(cells[i]) > NO_WRAP_MAX else css)
                for i, css in zip(keep, classes, strict=True)
            ]
            runs_on = any(len(text) > RUNS_ON_CHARS for text, _ in printed)
            rows.append((runs_on, printed))
        groups.append(PrintedGroup(group.unit, group.usage, group.subtotal, rows))
    return [headers[index] for index in keep], groups


def summary_pdf(table: SummaryTable) -> bytes:
    headers, groups = _printed(table)
    columns = [(name, WIDTHS.get(name), name in NO_WRAP) for name in headers]
    return render_pdf(
        "documents/summary.html",
        {"table": table, "columns": columns, "groups": groups, "city": table.unit is None},
    )
