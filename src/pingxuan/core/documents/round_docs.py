"""The documents of a unit's 差额 round (三（二）), prefilled from its record: the initial
nomination list (初始提名名单), the vote tally (差额表决计票结果) and the resolution of the 职代会
or the joint meeting it authorises (审议决议), one page per award.

Who is put forward is ``rounds.derive``'s answer, never worked out here: a record it cannot read
says so on the page, with its reasons, instead of naming picks. The pages are the procedure
documents' ``Page`` and ``Table``, so the Word file (``procedure_word``) and the web's PDF are
written the same way as the unit's other procedure documents. The web and ``pingxuan export`` on
a round workbook hand in the same ``Round``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction

from pingxuan.core.documents.procedure import (
    ASSEMBLY_SIGNER,
    BLANK,
    SIGNED_DATE,
    Page,
    ProcedureDocument,
    Section,
    Table,
)
from pingxuan.core.rounds import Outcome, Round, derive
from pingxuan.core.spec.models import Spec

INITIAL_LIST, TALLY, ROUND_RESOLUTION = "initial-list", "tally", "round-resolution"
NAMES = {
    INITIAL_LIST: "初始提名名单",
    TALLY: "差额表决计票结果",
    ROUND_RESOLUTION: "职代会（联席会议）审议决议",
}
KINDS = tuple(NAMES)
_SHARES = {Fraction(1, 2): "半数", Fraction(2, 3): "三分之二"}


def _share(value: Fraction) -> str:
    return _SHARES.get(value, f"{value.numerator}/{value.denominator}")


def _day(record: Round) -> str:
    held = record.held_on
    return f"{held.year}年{held.month}月{held.day}日" if held else "＿＿＿＿年＿＿月＿＿日"


def _word(spec: Spec, award: str) -> str:
    subject = next((a.subject for a in spec.awards if a.name == award), "person")
    return "人" if subject == "person" else "个"


def round_outcome(spec: Spec, unit: str, record: Round) -> Outcome:
    """The picks of the unit's round, as the portal and the 差额 rule read them."""
    if spec.rounds is None:
        return Outcome((), ("本评选活动的配置没有 [rounds]（差额表决的规定）",))
    return derive(record, places=spec.capacity(unit, record.award), rules=spec.rounds)


def _intro(spec: Spec, unit: str, record: Round) -> str:
    clause = spec.rounds.clause if spec.rounds else "三（二）"
    word = _word(spec, record.award)
    places = spec.capacity(unit, record.award)
    return (
        f"根据《{spec.campaign.title}》{clause}“县级以下工会（含县级）实行差额评选，"
        "即先进行初始提名，再采用差额方式确定推荐对象”的规定，"
        f"本单位{record.award}名额 {places} {word}，应选 {record.seats} {word}，"
        f"初始提名 {record.initial_count} {word}"
        f"（差额 {max(record.initial_count - record.seats, 0)} {word}）。"
    )


def _signature(unit: str, *signers: str) -> list[str]:
    return [f"{unit}（盖章）", *signers, SIGNED_DATE]


# ── 初始提名名单 ────────────────────────────────────────────────────────────────────────────


def _initial_page(spec: Spec, unit: str, record: Round, workplaces: Mapping[str, str]) -> Page:
    rows = [
        [str(index), ballot.candidate, workplaces.get(ballot.candidate, ""), ""]
        for index, ballot in enumerate(record.ballots, start=1)
    ]
    table = Table(
        ["序号", "候选对象", "工作单位（所在单位）", "备注"], rows, [0.1, 0.3, 0.45, 0.15]
    )
    text = [_intro(spec, unit, record), "初始提名名单如下（按提名顺序）："]
    return Page(
        f"{unit}{record.award}推荐对象初始提名名单",
        "",
        [Section("", text), Section("", [], table)],
        _signature(unit, "填报人（签名）："),
    )


# ── 差额表决计票结果 ────────────────────────────────────────────────────────────────────────


def _rate(votes: int, present: int) -> str:
    return f"{votes * 100 / present:.1f}%" if present else "—"


def _meeting(spec: Spec, record: Round) -> list[str]:
    lines = [
        f"表决机构：{record.body}",
        f"表决日期：{_day(record)}",
        f"应到人数：{record.members} 人；实到人数：{record.present} 人",
    ]
    rules = spec.rounds
    if rules is not None and record.members:
        needed = -(-record.members * rules.quorum.numerator // rules.quorum.denominator)
        reached = "已达到" if record.present >= needed else "未达到"
        lines.append(f"法定人数：应到人数的{_share(rules.quorum)}（至少 {needed} 人），{reached}")
        if rules.majority is not None:
            lines.append(f"当选条件：得票超过实到人数的{_share(rules.majority)}，按得票多少确定")
        else:
            lines.append("当选条件：按得票多少确定")
    lines.append(f"应选人数：{record.seats}；初始提名：{record.initial_count}")
    return lines


def _tally_page(spec: Spec, unit: str, record: Round, found: Outcome) -> Page:
    # 计票 lists the candidates by votes, the nomination order breaking ties.
    ranked = sorted(enumerate(record.ballots), key=lambda item: (-item[1].votes, item[0]))
    chosen = set(found.chosen)
    rows = [
        [
            str(place),
            ballot.candidate,
            str(ballot.votes),
            _rate(ballot.votes, record.present),
            ("当选" if ballot.candidate in chosen else "未当选") if found.valid else "—",
        ]
        for place, (_, ballot) in enumerate(ranked, start=1)
    ]
    table = Table(
        ["名次", "候选对象", "得票", "得票率", "结果"],
        rows,
        [0.1, 0.42, 0.14, 0.16, 0.18],
        centered=(0, 2, 3, 4),
    )
    word = _word(spec, record.award)
    if found.valid:
        result = (
            f"表决结果：{'、'.join(found.chosen)}当选，确定为本单位{record.award}推荐对象"
            f"（初始提名 {record.initial_count} {word}，差额产生 {len(found.chosen)} {word}）。"
        )
    else:
        result = "本次表决不能确定推荐对象：" + "；".join(found.problems) + "。"
    sections = [
        Section("", _meeting(spec, record)),
        Section("", [], table),
        Section("", [result]),
    ]
    return Page(
        f"{unit}{record.award}差额表决计票结果",
        "",
        sections,
        _signature(unit, "计票人（签名）：", "监票人（签名）："),
    )


# ── 职代会（联席会议）审议决议 ─────────────────────────────────────────────────────────────


def _resolution_page(spec: Spec, unit: str, record: Round, found: Outcome) -> Page:
    word = _word(spec, record.award)
    votes = "，".join(f"{b.candidate} {b.votes} 票" for b in record.ballots)
    text = [
        f"{_day(record)}，{unit}召开{record.body}，应到 {record.members} 人，"
        f"实到 {record.present} 人，审议{record.award}推荐对象。",
        _intro(spec, unit, record),
        f"会议对初始提名的 {record.initial_count} {word}候选对象以差额方式进行表决"
        f"（应选 {record.seats} {word}），得票情况：{votes}。",
    ]
    if found.valid:
        text.append(
            f"会议同意推荐{'、'.join(found.chosen)}为{record.award}推荐对象，"
            f"报{spec.campaign.issuer}。"
        )
    else:
        text.append(
            f"本次表决不能确定推荐对象（{'；'.join(found.problems)}），"
            f"推荐对象待重新表决后确定：{BLANK}。"
        )
    if record.resolution:
        text.append(f"决议：{record.resolution}")
    return Page(
        f"{unit}{record.body}决议",
        "",
        [Section("", text)],
        _signature(unit, ASSEMBLY_SIGNER),
    )


def round_document(
    kind: str,
    spec: Spec,
    unit: str,
    records: Sequence[Round],
    workplaces: Mapping[str, str] | None = None,
) -> ProcedureDocument:
    """One page per award's round; ``workplaces`` maps a candidate to the 工作单位 the unit's
    nominations give it (the initial list leaves it blank otherwise)."""
    pages = []
    for record in records:
        if kind == INITIAL_LIST:
            pages.append(_initial_page(spec, unit, record, workplaces or {}))
            continue
        found = round_outcome(spec, unit, record)
        if kind == TALLY:
            pages.append(_tally_page(spec, unit, record, found))
        elif kind == ROUND_RESOLUTION:
            pages.append(_resolution_page(spec, unit, record, found))
        else:
            raise KeyError(kind)
    if kind not in NAMES:
        raise KeyError(kind)
    return ProcedureDocument(kind, unit, pages, title=NAMES[kind])
