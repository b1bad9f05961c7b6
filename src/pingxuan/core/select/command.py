"""`pingxuan select`: read the workbook and the scores, choose, write selection.xlsx and .json.

Exit status: 0 a list was chosen (and the engine accepts it), 1 no list exists (the conflicting
rules are printed in Chinese), 2 the input cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from pingxuan.core.select.candidates import Key, key_of, key_text
from pingxuan.core.select.explain import Conflict
from pingxuan.core.select.output import write_outputs
from pingxuan.core.select.scores import ScoresError, missing_scores, read_scores
from pingxuan.core.select.solve import select
from pingxuan.core.spec.models import Spec
from pingxuan.core.workbook import WorkbookError, read_workbook

EXIT_CHOSEN, EXIT_INFEASIBLE, EXIT_UNREADABLE = 0, 1, 2


def _keys(texts: list[str], spec: Spec, option: str) -> frozenset[Key]:
    awards = {award.name for award in spec.awards}
    keys = set()
    for text in texts:
        parts = [part.strip() for part in text.replace("：", ":").split(":")]
        if len(parts) != 3 or parts[0] not in awards or not all(parts):
            raise ScoresError(
                f"{option}“{text}”应写作“奖项:推荐单位:序号”，如 五一劳动奖状:郑东新区:3"
            )
        keys.add((parts[0], parts[1], parts[2]))
    return frozenset(keys)


def run_select(args: argparse.Namespace, spec: Spec) -> int:
    try:
        workbook = read_workbook(args.workbook, spec)
        scores = read_scores(args.scores, spec)
        must = _keys(args.must, spec, "--must")
        must_not = _keys(args.must_not, spec, "--must-not")
    except (WorkbookError, ScoresError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_UNREADABLE
    nominations = workbook.nominations
    known = {key_of(n) for n in nominations}
    unknown = [key for key in scores if key not in known]
    if unknown:
        listed = "、".join(key_text(key) for key in unknown[:10])
        print(f"警告：分数表中{len(unknown)}行找不到对应的推荐对象（{listed}）", file=sys.stderr)
    absent = missing_scores(nominations, scores)
    if absent:
        listed = "、".join(f"{n.award}第{n.ref.row}行" for n in absent[:10])
        print(f"警告：{len(absent)}个推荐对象没有分数，按0分计（{listed}）", file=sys.stderr)
    missing_keys = (must | must_not) - known
    if missing_keys:
        listed = "、".join(key_text(key) for key in sorted(missing_keys))
        print(f"找不到必选/不选的推荐对象：{listed}", file=sys.stderr)
        return EXIT_UNREADABLE
    selection = select(
        spec,
        nominations,
        scores,
        must=must,
        must_not=must_not,
        as_of=args.as_of,
        allow_fewer=args.allow_fewer,
    )
    for decision in selection.decisions:
        if key_of(decision.nomination) in must and decision.rule != "select.must_take":
            # Excluded before any choice (withdrawn, 专项, an error of its own …): say so.
            print(
                f"警告：必选的{key_text(key_of(decision.nomination))}不能入选：{decision.reason}",
                file=sys.stderr,
            )
    written = write_outputs(spec, selection, args.out)
    if not selection.feasible:
        print("无法选出符合全部规则的名单。相互冲突的规则：")
        for conflict in selection.conflicts:
            if isinstance(conflict, Conflict):
                print(f"  - {conflict.message}（通知{conflict.ref.clause}，{conflict.ref.rule}）")
        print(f"详见 {written[-1]}")
        return EXIT_INFEASIBLE
    counts = "，".join(
        f"{award.name}{sum(1 for n in selection.chosen if n.award == award.name)}个"
        for award in spec.awards
    )
    print(f"已选出最终名单：{counts}；评审分数合计 {selection.objective}")
    print("、".join(str(path) for path in written))
    return EXIT_CHOSEN
