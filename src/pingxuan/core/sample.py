"""Generated nominations for any campaign spec: valid by default, each rule breakable on purpose.

Rows are what a clerk types (strings keyed by the exchange workbook's column names), so the same
rows feed the in-memory engine (``build_nominations``), a real .xlsx file (``write_workbook``)
and the benchmarks.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path

from openpyxl import Workbook

from pingxuan.core.columns import (
    UNIT_SHEET,
    UNIT_SHEET_PLEDGE,
    initial_count_column,
    sheet_columns,
)
from pingxuan.core.findings import RowRef
from pingxuan.core.identifiers import credit_check_char, id_check_char
from pingxuan.core.nominations import Nomination, NominationBuilder, UnitReport
from pingxuan.core.spec.expressions import Expression
from pingxuan.core.spec.models import Spec

SURNAMES = (
    "丁于万马王韦牛毛文方尹孔邓左石龙卢叶申田史付白冯司成吕朱乔任向刘闫江汤许孙严苏杜李杨吴邱何余"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红建国志新海东亮"
CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"

Rows = dict[str, list[dict[str, str]]]


def id_number(rng: random.Random, birth: date, female: bool) -> str:
    sequence = rng.randrange(0, 50) * 2 + (0 if female else 1)
    body = f"410102{birth:%Y%m%d}{rng.randrange(0, 10)}{sequence:02d}"
    return body + id_check_char(body)


def credit_code(rng: random.Random) -> str:
    body = "91410100" + "".join(rng.choice(CREDIT_ALPHABET) for _ in range(9))
    return body + credit_check_char(body)


def _satisfy(expression: Expression, facts: dict[str, object]) -> None:
    """Set facts so that the first alternative of ``expression`` holds."""
    if not expression.alternatives:
        return
    for test in expression.alternatives[0]:
        first = sorted(test.values)[0]
        if test.operator == "has":
            held = facts.get(test.field) or frozenset()
            assert isinstance(held, frozenset)  # a "has" field only ever holds a set here
            facts[test.field] = held | {first}
        elif test.operator == "=":
            if facts.get(test.field) not in test.values:
                facts[test.field] = first


class Generator:
    """Builds a compliant set of rows for every unit of a spec."""

    def __init__(self, spec: Spec, seed: int = 2024):
        self.spec = spec
        self.rng = random.Random(seed)
        self.counters: dict[str, int] = {}
        self.serial = 0

    def _seq(self, sheet: str) -> str:
        self.counters[sheet] = self.counters.get(sheet, 0) + 1
        return str(self.counters[sheet])

    def _reservation(self, labels: tuple[str, ...]) -> dict[str, object]:
        facts: dict[str, object] = {}
        from pingxuan.core.spec.expressions import parse

        for label in labels:
            _satisfy(parse(self.spec.reservations[label]), facts)
        return facts

    # ── one row of each subject ─────────────────────────────────────────
    def person(
        self, unit: str, facts: dict[str, object], kind: str = "综合表彰", alternate_of: str = ""
    ) -> dict[str, str]:
        rng = self.rng
        self.serial += 1
        female = self.serial % 3 == 0
        birth = date(1970, 1, 1) + timedelta(days=rng.randrange(0, 365 * 30))
        category = str(facts.get("身份类别") or "其他一线职工和专业技术人员")
        held = facts.get("人员标签") or frozenset()
        assert isinstance(held, frozenset)  # set by _satisfy for a "has" test
        tags = set(held)
        ownership = str(facts.get("单位性质") or ("非公有制" if self.serial % 3 == 1 else "国有"))
        if category == "科级领导干部":
            ownership = "机关"
        if self.serial % 9 == 0:
            tags.add("农民工")
        if self.serial % 13 == 0:
            tags.add("新的社会阶层人士")
        title = {"企业负责人": "总经理", "科级领导干部": "科长", "科教人员": "高级工程师"}.get(
            category, "班组长"
        )
        row = {
            "序号": self._seq("person"),
            "推荐单位": unit,
            "姓名": rng.choice(SURNAMES)
            + rng.choice(GIVEN)
            + ("" if self.serial % 4 else rng.choice(GIVEN)),
            "性别": "女" if female else "男",
            "民族": "回族" if self.serial % 17 == 0 else "汉族",
            "出生年月": f"{birth:%Y-%m}",
            "政治面貌": "九三学社社员" if self.serial % 23 == 0 else "中共党员",
            "身份证号": id_number(rng, birth, female),
            "工作单位": f"{unit}第{self.serial}厂",
            "职务": title,
            "单位性质": ownership,
            "身份类别": category,
            "人员标签": "、".join(sorted(tags, key=self.spec.vocabulary.tags.index)),
            "是否重点产业": "是" if self.serial % 4 == 0 else "否",
            "贡献领域": "2、4",
            "荣誉级别": "市级",
            "曾获市级荣誉年份": "",
            "新的突出贡献": "",
            "职代会审议日期": "2024-02-26",
            "表彰类型": kind,
            "备选对象序号": alternate_of,
            "跨区域农民工": "否",
            "对方同意": "",
            "涉敏": "否",
            "简要事迹": "扎根一线二十年，带领班组攻克关键工艺难题。",
        }
        if category == "企业负责人":
            row.update(
                {
                    "已建工会": "是",
                    "按时缴纳工会经费": "是",
                    "建立职代会制度": "是",
                    "签订集体合同": "是",
                    "劳动关系和谐": "是",
                    "负面记录": "无",
                }
            )
        return row

    def organisation(self, unit: str, index: int) -> dict[str, str]:
        self.serial += 1
        enterprise = index == 0 or self.serial % 4 != 3
        return {
            "序号": self._seq("organisation"),
            "推荐单位": unit,
            "单位全称": f"郑州{unit}{'有限公司' if enterprise else '服务中心'}{index}",
            "统一社会信用代码": credit_code(self.rng),
            "单位性质": ("非公有制" if index % 2 == 0 else "国有") if enterprise else "事业单位",
            "是否企业": "是" if enterprise else "否",
            "是否重点产业": "是" if index % 3 == 0 else "否",
            "贡献领域": "1、2",
            "开展劳动和技能竞赛": "是",
            "已建工会": "是",
            "按时缴纳工会经费": "是",
            "建立职代会制度": "是",
            "签订集体合同": "是",
            "劳动关系和谐": "是",
            "负面记录": "无",
            "荣誉级别": "省级",
            "曾获市级荣誉年份": "",
            "新的突出贡献": "",
            "职代会审议日期": "2024-02-28",
            "涉敏": "否",
            "简要事迹": "深入开展劳动和技能竞赛，产值连续三年增长。",
        }

    def team(self, unit: str, facts: dict[str, object]) -> dict[str, str]:
        self.serial += 1
        frontline = str(facts.get("是否企业一线班组") or ("否" if self.serial % 5 == 0 else "是"))
        ownership = str(facts.get("单位性质") or ("非公有制" if self.serial % 3 == 0 else "国有"))
        return {
            "序号": self._seq("team"),
            "推荐单位": unit,
            "集体名称": f"第{self.serial}班组" if frontline == "是" else f"第{self.serial}科室",
            "所属单位全称": f"郑州{unit}有限公司",
            "集体类型": "班组" if frontline == "是" else "科室",
            "是否企业一线班组": frontline,
            "单位性质": ownership,
            "是否重点产业": "是" if self.serial % 4 == 0 else "否",
            "贡献领域": "2",
            "开展劳动和技能竞赛": "是",
            "荣誉级别": "区县级",
            "曾获市级荣誉年份": "",
            "新的突出贡献": "",
            "职代会审议日期": "2024-03-01",
            "涉敏": "否",
            "简要事迹": "班组创新工法三项，安全生产零事故。",
        }

    # ── a whole campaign ────────────────────────────────────────────────
    def rows(self, pool_per_unit: int | None = None, leaders: int = 2) -> Rows:
        """Every unit fills every place; ``leaders`` units put forward a leader with alternate."""
        spec = self.spec
        rows: Rows = {award.name: [] for award in spec.awards}
        rows[UNIT_SHEET] = []
        open_cycle = ["其他一线职工和专业技术人员", "其他一线职工和专业技术人员", "科教人员"]
        leader_units = 0
        for unit in spec.units:
            counts: dict[str, int] = {}
            for award in spec.awards:
                produced: list[dict[str, str]] = []
                if award.allocation == "pool":
                    wanted = award.per_unit_max if pool_per_unit is None else pool_per_unit
                    produced = [self.organisation(unit.name, i) for i in range(wanted or 0)]
                else:
                    places = unit.places.get(award.name)
                    for labels, count in places.slots() if places else []:
                        for i in range(count):
                            facts = self._reservation(labels)
                            if award.subject == "team":
                                produced.append(self.team(unit.name, facts))
                                continue
                            if not labels:
                                facts["身份类别"] = open_cycle[(self.serial + i) % 3]
                                if facts["身份类别"] == "科教人员":
                                    facts["人员标签"] = frozenset({"一线"})
                                if leader_units < leaders and places and places.total >= 4:
                                    leader_units += 1
                                    facts = {"身份类别": "企业负责人", "单位性质": "非公有制"}
                            produced.append(self.person(unit.name, facts))
                            if facts.get("身份类别") == "企业负责人":
                                alt = self.person(
                                    unit.name,
                                    {"身份类别": "一线产业工人"},
                                    kind="备选",
                                    alternate_of=produced[-1]["序号"],
                                )
                                produced.append(alt)
                rows[award.name].extend(produced)
                counts[award.name] = sum(
                    1 for r in produced if r.get("表彰类型", "综合表彰") == "综合表彰"
                )
            report = {"推荐单位": unit.name, UNIT_SHEET_PLEDGE: "是"}
            for award in spec.awards:
                column = initial_count_column(award.short_name, award.subject)
                report[column] = str(counts[award.name] + 2) if counts[award.name] else ""
            rows[UNIT_SHEET].append(report)
        return rows


def build_nominations(spec: Spec, rows: Rows) -> tuple[list[Nomination], list[UnitReport]]:
    """The rows as the engine sees them, numbered as they would be in a workbook."""
    nominations: list[Nomination] = []
    for award in spec.awards:
        builder = NominationBuilder(spec, award)
        for number, cells in enumerate(rows.get(award.name, []), start=2):
            nominations.append(builder.build(RowRef(award.name, number), cells))
    reports = []
    for number, cells in enumerate(rows.get(UNIT_SHEET, []), start=2):
        counts = {}
        for award in spec.awards:
            value = cells.get(initial_count_column(award.short_name, award.subject), "")
            counts[award.name] = int(value) if value else None
        reports.append(
            UnitReport(
                cells["推荐单位"],
                RowRef(UNIT_SHEET, number),
                counts,
                cells.get(UNIT_SHEET_PLEDGE) == "是",
            )
        )
    return nominations, reports


def write_workbook(
    path: Path,
    spec: Spec,
    rows: Rows,
    *,
    sheets: Iterable[str] | None = None,
    drop_columns: Iterable[str] = (),
) -> Path:
    """A real .xlsx as a clerk would send it (text cells, header in row 1)."""
    book = Workbook(write_only=True)
    dropped = set(drop_columns)
    wanted = set(sheets) if sheets is not None else None
    for award in spec.awards:
        if wanted is not None and award.name not in wanted:
            continue
        sheet = book.create_sheet(award.name)
        columns = sheet_columns(award.subject, spec.columns)
        header = [c.name for c in columns if c.name not in dropped]
        sheet.append(header)
        for cells in rows.get(award.name, []):
            sheet.append([cells.get(name, "") or None for name in header])
    if UNIT_SHEET in rows and (wanted is None or UNIT_SHEET in wanted):
        sheet = book.create_sheet(UNIT_SHEET)
        header = [
            "推荐单位",
            *(initial_count_column(a.short_name, a.subject) for a in spec.awards),
            UNIT_SHEET_PLEDGE,
        ]
        sheet.append(header)
        for cells in rows[UNIT_SHEET]:
            sheet.append([cells.get(name, "") or None for name in header])
    book.save(str(path))
    return path
