"""The documents of a unit's own procedure (通知 三（二）、三（六）、四), as content to print:

- 推荐评选工作情况报告: how the unit ran its 差额 round, its 职代会 review and its notice (复审);
- 推荐对象脱密情况承诺书: the nominees, which are 涉敏, and the pledge (三（六）);
- 职代会审议决议: one page per nominee for the 职代会 (or the joint meeting it authorises) of the
  nominee's own unit to complete, sign and seal (初审: 所在单位职代会决议);
- 公示情况说明: that the unit's notice ran its working days, and what came of it (公示证明).

Everything the data knows is filled in; what only the unit knows (who sat on the leading
group, how many representatives voted) is a blank line ``BLANK`` to write on. The web and
``pingxuan export`` build the same content from the same facts, the web adding what it records
(the notice's period and the complaints about it).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from pingxuan.core.columns import ALTERNATE, COMPREHENSIVE, NAME_COLUMN, SPECIAL
from pingxuan.core.nominations import Nomination, UnitReport
from pingxuan.core.ordering import sort_nominations
from pingxuan.core.publicity import is_sensitive
from pingxuan.core.spec.models import Award, Spec
from pingxuan.core.strokes import StrokeOrder

REPORT, PLEDGE, RESOLUTION, NOTICE_STATEMENT = "report", "pledge", "resolution", "statement"
NAMES = {
    REPORT: "推荐评选工作情况报告",
    PLEDGE: "推荐对象脱密情况承诺书",
    RESOLUTION: "职代会审议决议",
    NOTICE_STATEMENT: "公示情况说明",
}
KINDS = tuple(NAMES)
BLANK = "＿＿＿＿"
DATE_BLANK = "＿＿＿＿年＿＿月＿＿日"
SIGNED_DATE = "年　　月　　日"
ASSEMBLY_SIGNER = "职代会主席团（联席会议）负责人（签名）："
WORKPLACE = {"person": "工作单位", "organisation": "单位全称", "team": "所属单位全称"}


@dataclass(frozen=True)
class Table:
    headers: list[str]
    rows: list[list[str]]
    shares: list[float]  # each column's share of the line's width
    centered: tuple[int, ...] = (0, 4, 5)  # the columns of short values, centred


@dataclass(frozen=True)
class Section:
    heading: str = ""
    paragraphs: list[str] = field(default_factory=list)
    table: Table | None = None


@dataclass(frozen=True)
class Page:
    """One form or letter: it starts a new page and ends with its signature lines."""

    title: str
    addressee: str = ""
    sections: list[Section] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ProcedureDocument:
    kind: str
    unit: str
    pages: list[Page]
    title: str = ""  # the document's name when it is not one of ``NAMES`` (a round's documents)

    @property
    def name(self) -> str:
        return self.title or NAMES[self.kind]


@dataclass(frozen=True)
class NoticeFacts:
    """The unit's notice as the web records it; ``None`` fields are left blank to fill in."""

    level_name: str = "公示"  # the spec's name of the level: 所在单位公示, 县级公示
    shows_sensitive: bool = True  # a 涉敏 nominee is listed only at a level that shows it
    start: date | None = None
    end: date | None = None
    working_days: int | None = None
    place: str = ""
    objections: int | None = None  # complaints received about the listed nominees
    upheld: int | None = None  # of which found true (属实)


def _day(value: date | None) -> str:
    return f"{value.year}年{value.month}月{value.day}日" if value else DATE_BLANK


def federation(spec: Spec) -> str:
    """Whom a unit writes to: the federation itself (郑州市总工会), not its office that issued
    the notice (郑州市总工会办公室)."""
    return spec.campaign.federation


# "2024年郑州市…评选" → 2024年郑州市; a child's "2024年中牟县推荐郑州市…" → 2024年郑州市 too: the
# awards are the city's, whoever puts the nominees forward.
_AWARD_YEAR_AND_CITY = re.compile(r"^(\d{4}年)(?:\S*推荐)?(\S+?市)")


def award_year_and_city(spec: Spec) -> str:
    """The year and the awarding city of the campaign's awards, as the forms' titles begin
    (``2024年郑州市``); empty when the title names no city."""
    match = _AWARD_YEAR_AND_CITY.match(spec.campaign.title)
    return "".join(match.groups()) if match else ""


def _label(nomination: Nomination) -> str:
    return str(nomination.facts.get(NAME_COLUMN[nomination.subject]) or nomination.label)


def _workplace(nomination: Nomination) -> str:
    return str(nomination.facts.get(WORKPLACE[nomination.subject]) or "")


def _of_unit(
    spec: Spec, unit: str, nominations: Sequence[Nomination], *, withdrawn: bool = False
) -> list[tuple[Award, list[Nomination]]]:
    """The unit's nominations per award in list order; those failed or revoked since only where
    ``withdrawn`` (what the unit put forward, as its 汇总表 lists it)."""
    order = StrokeOrder(spec.documents.name_order)
    mine = [n for n in nominations if n.unit == unit and (withdrawn or not n.withdrawn)]
    return [
        (award, sort_nominations([n for n in mine if n.award == award.name], order))
        for award in spec.awards
    ]


def _nominee_table(groups: list[tuple[Award, list[Nomination]]], *, secrecy: bool) -> Table:
    rows: list[list[str]] = []
    for award, listed in groups:
        for nomination in listed:
            row = [str(len(rows) + 1), award.name, _label(nomination), _workplace(nomination)]
            row.append(nomination.kind)
            if secrecy:
                answer = nomination.facts.get("涉敏")
                row.append("是" if is_sensitive(nomination) else ("否" if answer else "未填写"))
            rows.append(row)
    headers = ["序号", "奖项", "推荐对象", "所在单位", "表彰类型"]
    shares = [0.07, 0.2, 0.22, 0.35, 0.16]
    if secrecy:
        headers.append("涉敏")
        shares = [0.07, 0.18, 0.2, 0.33, 0.12, 0.1]
    return Table(headers, rows, shares)


def _signature(unit: str, *, who: str = "单位负责人（签名）：") -> list[str]:
    return [f"{unit}（盖章）", who, SIGNED_DATE]


# ── 推荐评选工作情况报告 ─────────────────────────────────────────────────────────────────────


def _differential(
    award: Award, listed: list[Nomination], report: UnitReport | None
) -> tuple[str, str]:
    kinds = Counter(n.kind for n in listed)
    unit_word = "人" if award.subject == "person" else "个"
    initial = report.initial_counts.get(award.name) if report else None
    chosen = kinds[COMPREHENSIVE] + kinds[SPECIAL]
    parts = [f"{COMPREHENSIVE} {kinds[COMPREHENSIVE]} {unit_word}"]
    if kinds[SPECIAL]:
        parts.append(f"{SPECIAL} {kinds[SPECIAL]} {unit_word}")
    if kinds[ALTERNATE]:
        parts.append(f"{ALTERNATE} {kinds[ALTERNATE]} {unit_word}")
    line = f"{award.name}：初始提名 {initial if initial is not None else BLANK} {unit_word}，"
    line += f"差额确定推荐对象 {len(listed)} {unit_word}（{'、'.join(parts)}）。"
    note = ""
    if initial is not None and chosen and initial <= chosen:
        note = f"{award.name}的初始提名数（{initial}）没有多于推荐数（{chosen}），不是差额评选。"
    return line, note


def work_report(
    spec: Spec,
    unit: str,
    nominations: Sequence[Nomination],
    report: UnitReport | None = None,
    notice: NoticeFacts | None = None,
) -> ProcedureDocument:
    # The unit reports what it put forward: a nominee the city failed since is still counted,
    # as on its 汇总表 (the two documents once said 6 and 7 of the same unit).
    groups = _of_unit(spec, unit, nominations, withdrawn=True)
    listed = [n for _, of_award in groups for n in of_award]
    rounds = [_differential(award, of_award, report) for award, of_award in groups if of_award]
    reviewed = Counter(n.facts.get("职代会审议日期") for n in listed)
    dated = sorted((day, count) for day, count in reviewed.items() if isinstance(day, date))
    undated = [_label(n) for n in listed if not isinstance(n.facts.get("职代会审议日期"), date)]
    review = "推荐对象均经所在单位民主推荐，由职工代表大会（或职工大会）审议通过；"
    review += "职代会闭会期间由职代会授权的联席会议审议通过。审议日期："
    review += "、".join(f"{_day(day)}（{count} 个）" for day, count in dated) or BLANK
    review += "。"
    if undated:
        review += f"未填写审议日期的推荐对象：{'、'.join(undated)}，请补填并附决议。"
    facts = notice or NoticeFacts()
    publicity = (
        f"经{federation(spec)}初审同意后，我单位于{_day(facts.start)}至{_day(facts.end)}"
        f"在{facts.place or BLANK}对推荐对象进行了公示，"
        f"公示期 {facts.working_days if facts.working_days is not None else BLANK} 个工作日。"
        + _outcome(facts)
    )
    sensitive = [_label(n) for n in listed if is_sensitive(n)]
    secrecy = "全部推荐对象的资料和信息已进行脱密处理，并签订推荐对象脱密情况承诺书。"
    secrecy += f"涉敏信息对象 {len(sensitive)} 个"
    if sensitive:
        secrecy += (
            f"（{'、'.join(sensitive)}），只进行基层公示，"
            f"不进行{_public_levels(spec)}公示，不对外宣传"
        )
    secrecy += "。"
    sections = [
        Section(
            "一、组织领导",
            [
                f"我单位成立了推荐评选工作领导小组，组长：{BLANK}，成员：{BLANK}，"
                "负责本单位推荐评选工作，严把名额比例关、评选标准关和评选质量关。"
            ],
        ),
        Section("二、差额推荐情况", [line for line, _ in rounds] + [n for _, n in rounds if n]),
        Section("三、职代会审议情况", [review]),
        Section("四、公示情况", [publicity]),
        Section("五、保密工作", [secrecy]),
        Section("附：推荐对象名单", [], _nominee_table(groups, secrecy=False)),
    ]
    title = f"{unit}关于推荐{award_year_and_city(spec)}{_award_names(spec)}的工作情况报告"
    page = Page(title, f"{federation(spec)}：", sections, _signature(unit))
    return ProcedureDocument(REPORT, unit, [page])


def _award_names(spec: Spec) -> str:
    return "、".join(award.name for award in spec.awards)


def _outcome(facts: NoticeFacts) -> str:
    if facts.objections is None:
        return f"公示期间收到反映 {BLANK} 件，处理情况：{BLANK}。"
    if facts.objections == 0:
        return "公示期间未收到任何异议。"
    upheld = facts.upheld or 0
    return f"公示期间收到反映 {facts.objections} 件，均已核查处理，其中反映属实 {upheld} 件" + (
        "，相应推荐对象已撤销推荐资格。" if upheld else "。"
    )


# ── 推荐对象脱密情况承诺书 ──────────────────────────────────────────────────────────────────


def secrecy_pledge(spec: Spec, unit: str, nominations: Sequence[Nomination]) -> ProcedureDocument:
    groups = _of_unit(spec, unit, nominations)
    listed = [n for _, of_award in groups for n in of_award]
    sensitive = sum(1 for n in listed if is_sensitive(n))
    clause = spec.rules.secrecy.clause
    text = [
        f"根据全总办公厅印发的评比表彰保密管理有关要求和《{spec.campaign.title}》{clause}的规定，"
        f"我单位对推荐的下列 {len(listed)} 个推荐对象的资料和信息进行了脱密处理，"
        "确认上报材料不含涉及国家秘密和工作秘密的内容。",
        f"其中涉敏信息对象 {sensitive} 个（下表“涉敏”栏为“是”），只进行基层公示，"
        f"不进行{_public_levels(spec)}公示，不对外宣传，其有关材料按照内部资料进行管理；"
        "其余推荐对象可对外发布和宣传。",
        "如有不实，我单位承担相应责任。",
    ]
    sections = [Section("", text), Section("", [], _nominee_table(groups, secrecy=True))]
    page = Page(spec.rules.secrecy.pledge, "", sections, _signature(unit, who="负责人（签名）："))
    return ProcedureDocument(PLEDGE, unit, [page])


# ── 职代会审议决议 ──────────────────────────────────────────────────────────────────────────


def assembly_resolutions(
    spec: Spec, unit: str, nominations: Sequence[Nomination]
) -> ProcedureDocument:
    pages = []
    for award, listed in _of_unit(spec, unit, nominations):
        for nomination in listed:
            workplace = _workplace(nomination) or unit
            reviewed = nomination.facts.get("职代会审议日期")
            when = _day(reviewed if isinstance(reviewed, date) else None)
            text = [
                f"{when}，{workplace}召开第{BLANK}届职工代表大会第{BLANK}次会议"
                "（或职工大会；职代会闭会期间为职代会授权的职代会团（组）长和专门委员会（小组）"
                f"负责人联席会议），应到代表 {BLANK} 人，实到 {BLANK} 人。",
                f"会议审议了推荐{_label(nomination)}为{award_year_and_city(spec)}{award.name}推荐对象"
                f"（{nomination.kind}）的议案。表决结果：同意 {BLANK} 票，反对 {BLANK} 票，"
                f"弃权 {BLANK} 票。",
                f"会议同意推荐{_label(nomination)}为{award_year_and_city(spec)}{award.name}推荐对象。",
            ]
            pages.append(
                Page(
                    f"{workplace}职工代表大会决议",
                    "",
                    [Section("", text)],
                    [
                        f"{workplace}工会（盖章）",
                        "职代会主席团（联席会议）负责人（签名）：",
                        SIGNED_DATE,
                    ],
                )
            )
    return ProcedureDocument(RESOLUTION, unit, pages)


# ── 公示情况说明 ────────────────────────────────────────────────────────────────────────────


def notice_statement(
    spec: Spec, unit: str, nominations: Sequence[Nomination], notice: NoticeFacts | None = None
) -> ProcedureDocument:
    facts = notice or NoticeFacts()
    groups = _of_unit(spec, unit, nominations)
    hidden = 0
    if not facts.shows_sensitive:
        hidden = sum(1 for _, of_award in groups for n in of_award if is_sensitive(n))
        groups = [(a, [n for n in of_award if not is_sensitive(n)]) for a, of_award in groups]
    days = facts.working_days if facts.working_days is not None else BLANK
    shown = "；".join(
        f"{award.name}公示{'、'.join(_fields(spec, award))}"
        for award, of_award in groups
        if of_award
    )
    text = [
        f"经{federation(spec)}初审同意，我单位于{_day(facts.start)}至{_day(facts.end)}，"
        f"在{facts.place or BLANK}对下列推荐对象进行了{facts.level_name}，"
        f"公示期 {days} 个工作日（通知要求不少于 {spec.publicity.min_working_days} 个工作日），"
        f"公示内容：{shown or BLANK}；并公布了举报电话、邮箱和来信地址。",
        _outcome(facts),
        "特此说明。",
    ]
    if hidden:
        text.insert(1, f"涉敏信息对象 {hidden} 个按规定只进行基层公示，未列入本次公示。")
    sections = [Section("", text), Section("", [], _nominee_table(groups, secrecy=True))]
    title = f"{unit}关于推荐对象公示情况的说明"
    page = Page(title, f"{federation(spec)}：", sections, _signature(unit))
    return ProcedureDocument(NOTICE_STATEMENT, unit, [page])


def organiser_statement(
    spec: Spec,
    addressee: str,
    listed: Sequence[Nomination],
    notice: NoticeFacts,
    units: Sequence[tuple[str, NoticeFacts]] = (),
) -> ProcedureDocument:
    """The organiser's own 公示情况说明 (a county federation's for the city it forwards to): its
    notice over every unit's nominees (``listed``: those the notice lists), and the unit notices
    that ran before it (``units``: each unit's name and notice)."""
    issuer = federation(spec)
    order = StrokeOrder(spec.documents.name_order)
    groups = [
        (award, sort_nominations([n for n in listed if n.award == award.name], order))
        for award in spec.awards
    ]
    days = notice.working_days if notice.working_days is not None else BLANK
    shown = "；".join(
        f"{award.name}公示{'、'.join(_fields(spec, award))}"
        for award, of_award in groups
        if of_award
    )
    number = spec.campaign.document_number
    basis = f"{number}文件" if number else f"《{spec.campaign.title}》"
    text = [
        f"按照{basis}的要求，{issuer}对各推荐单位差额推荐、经初审同意的下列推荐对象，"
        f"于{_day(notice.start)}至{_day(notice.end)}在{notice.place or BLANK}进行了"
        f"{notice.level_name}，公示期 {days} 个工作日（通知要求不少于 "
        f"{spec.publicity.min_working_days} 个工作日），公示内容：{shown or BLANK}；"
        "并公布了举报电话、邮箱和来信地址。",
    ]
    if units:
        text.append(
            f"此前，各推荐单位已对本单位的推荐对象进行了所在单位公示（见表一），"
            f"均在{notice.level_name}开始之前期满。"
        )
    text += [_outcome(notice), "特此说明。"]
    sections = [Section("", text)]
    if units:
        rows = [
            [
                str(index),
                unit,
                f"{_day(facts.start)}至{_day(facts.end)}",
                str(facts.working_days) if facts.working_days is not None else BLANK,
            ]
            for index, (unit, facts) in enumerate(units, start=1)
        ]
        table = Table(["序号", "推荐单位", "公示期", "工作日"], rows, [0.08, 0.34, 0.46, 0.12])
        table = replace(table, centered=(0, 2, 3))
        sections.append(Section("表一　所在单位公示", [], table))
    heading = f"表{'二' if units else '一'}　{notice.level_name}的推荐对象"
    rows = [
        [str(index), award.name, _label(n), _workplace(n), n.unit]
        for index, (award, n) in enumerate(
            ((award, n) for award, of_award in groups for n in of_award), start=1
        )
    ]
    listed_table = Table(
        ["序号", "奖项", "推荐对象", "所在单位", "推荐单位"],
        rows,
        [0.07, 0.17, 0.22, 0.3, 0.24],
        centered=(0,),
    )
    sections.append(Section(heading, [], listed_table))
    title = f"{issuer}关于{notice.level_name}情况的说明"
    page = Page(title, f"{addressee or BLANK}：", sections, _signature(issuer))
    return ProcedureDocument(NOTICE_STATEMENT, issuer, [page])


def _fields(spec: Spec, award: Award) -> list[str]:
    return spec.publicity.fields.get(award.name, [])


def procedure_document(
    kind: str,
    spec: Spec,
    unit: str,
    nominations: Sequence[Nomination],
    report: UnitReport | None = None,
    notice: NoticeFacts | None = None,
) -> ProcedureDocument:
    if kind == REPORT:
        return work_report(spec, unit, nominations, report, notice)
    if kind == PLEDGE:
        return secrecy_pledge(spec, unit, nominations)
    if kind == RESOLUTION:
        return assembly_resolutions(spec, unit, nominations)
    if kind == NOTICE_STATEMENT:
        return notice_statement(spec, unit, nominations, notice)
    raise KeyError(kind)


def _public_levels(spec: Spec) -> str:
    """The notices a 涉敏 nominee stays out of, by the spec's names: 县级和市级 in Zhengzhou."""
    names = [lv.name.removesuffix("公示") for lv in spec.publicity.levels if not lv.shows_sensitive]
    return "和".join(names)
