"""`make bench`, the selection part: the final list of 10,000 and 100,000 candidates chosen to
proven optimality, side by side with a plain formulation in HiGHS and with CP-SAT.

    ours        candidates → arrays: one binary per candidate, the seating as Hall's condition
                (a few rows per unit), city rows over profile counts → one passModel; the
                LP relaxation first (integral here: a proof), HiGHS MIP otherwise, gap 0.
                Judged on model + solve: 10k < 1 s, 100k < 5 s
    plain       the same rules through highspy's modelling API, seating as an assignment:
                a binary per candidate and place kind it fits (reported, not judged)
    CP-SAT      the plain formulation in OR-Tools CP-SAT, 2 workers (reported, not judged)

The instance scales the 2024 spec (campaigns/zhengzhou-2024.toml: every rule and ratio) to many
units, each putting forward about half again as many people and teams as it has places, so the
city has to leave a third out under the reservations, the caps and the ratios. Scores are
random integers 0–99 (seeded). Each figure is the best of the repeats, as in bench/run.py.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from importlib import metadata
from typing import Any

from tests.factories.campaign import Generator, build_nominations

from bench import national
from pingxuan.core.nominations import Nomination
from pingxuan.core.select.c_ratios import enforced
from pingxuan.core.select.candidates import Candidates, Key, build_candidates, key_of
from pingxuan.core.select.model import new_highs
from pingxuan.core.select.solve import build_model, recheck, select, solve_model, tie_break
from pingxuan.core.spec.loader import parse_spec
from pingxuan.core.spec.models import Spec

RESULTS = national.CACHE_DIR / "select.json"
TARGETS = {10_000: 1.0, 100_000: 5.0}
MEDAL_PLACES = "20（一线产业工人8、一线科教3、农民工2）"
TEAM_PLACES = "11（企业班组8，其中非公4）"
PER_UNIT = 2 + 30 + 16  # badges, people, teams put forward by one unit
PLAIN_TIME_LIMIT = 60.0  # per solver and size: CP-SAT does not prove optimality within it
CATEGORIES = ("一线产业工人", "一线产业工人", "其他一线职工和专业技术人员", "科教人员", "其他")


def spec_text(units: int) -> str:
    text = national.SOURCE_SPEC.read_text(encoding="utf-8")
    block = "".join(
        f'[[units]]\nname = "{national.unit_name(i)}"\nlevel = "{national.LEVELS[i % 4]}"\n'
        f'places = {{ "工人先锋号" = "{TEAM_PLACES}", "五一劳动奖章" = "{MEDAL_PLACES}" }}\n\n'
        for i in range(units)
    )
    found = list(national._UNITS_BLOCK.finditer(text))
    text = text[: found[0].start()] + block + text[found[-1].end() :]
    text = national._set_total(text, "五一劳动奖状", units)
    text = national._set_total(text, "五一劳动奖章", units * 20)
    text = national._set_total(text, "工人先锋号", units * 11)
    return text.replace('id = "zhengzhou-2024"', 'id = "select-bench"', 1)


@dataclass
class Instance:
    spec: Spec
    nominations: list[Nomination]
    scores: dict[Key, Decimal]


def instance(candidates: int, seed: int = 6) -> Instance:
    units = candidates // PER_UNIT
    spec = parse_spec(spec_text(units), "select-bench.toml")
    rng = random.Random(seed)
    generator = Generator(spec, seed)
    rows = generator.rows()  # every place filled with somebody who fits it, 2 leaders
    for unit in spec.units:
        for _ in range(10):  # ten more people of any identity
            category = rng.choice(CATEGORIES)
            facts: dict[str, Any] = {"身份类别": category}
            if rng.random() < 0.3:
                facts["人员标签"] = frozenset(
                    {"一线"} | ({"农民工"} if rng.random() < 0.5 else set())
                )
            rows["五一劳动奖章"].append(generator.person(unit.name, facts))
        for _ in range(5):
            rows["工人先锋号"].append(generator.team(unit.name, {}))
    national._distinct_id_numbers(rows)
    nominations, _ = build_nominations(spec, rows)
    scores = {key_of(n): Decimal(rng.randrange(100)) for n in nominations}
    return Instance(spec, nominations, scores)


# ── ours ────────────────────────────────────────────────────────────────
def ours(data: Instance) -> dict[str, Any]:
    start = time.perf_counter()
    found = build_candidates(data.spec, data.nominations, data.scores)
    candidates_at = time.perf_counter()
    model = build_model(found)
    built_at = time.perf_counter()
    solved = solve_model(model)
    solved_at = time.perf_counter()
    assert solved is not None
    values = solved[0][: model.candidates]
    chosen = tie_break(model, found, [v > 0.5 for v in values])
    objective = sum(c for c, x in zip(model.cost, chosen, strict=False) if x)
    listed = [found.items[i] for i, x in enumerate(chosen) if x]
    recheck(data.spec, listed, None)
    return {
        "status": "Optimal",
        "objective": objective,
        "candidates_seconds": candidates_at - start,
        "model_seconds": built_at - candidates_at,
        "solve_seconds": solved_at - built_at,
        "seconds": solved_at - candidates_at,  # judged: the model built and solved
        "with_candidates_seconds": solved_at - start,
        "columns": len(model.lower),
        "rows": len(model.rows),
    }


# ── the plain formulation, for comparison ───────────────────────────────
@dataclass
class Plain:
    """Every rule as the notice reads, one binary per candidate and per place kind it fits."""

    found: Candidates
    kinds: dict[int, list[tuple[tuple[str, str], int]]]  # candidate → (unit kind, capacity)


def plain_structure(found: Candidates) -> Plain:
    kinds: dict[int, list[tuple[tuple[str, str], int]]] = {}
    units = {unit.name: unit for unit in found.spec.units}
    for index, item in enumerate(found.items):
        if found.spec.award(item.award).allocation != "per_unit":
            continue
        places = units[item.unit].places.get(item.award)
        slots = places.slots() if places else []
        fits = []
        for k, (labels, count) in enumerate(slots):
            if found.ctx.reservation_predicate(labels)(item.facts):
                fits.append(((f"{item.unit}|{item.award}", str(k)), count))
        kinds[index] = fits
    return Plain(found, kinds)


def _ratio_terms(found: Candidates):  # type: ignore[no-untyped-def]
    for ratio in enforced(found):
        population = found.ctx.predicate(ratio.population)
        indices = [i for i, n in enumerate(found.items) if n.award in ratio.awards]
        members = [i for i in indices if population(found.items[i].facts)]
        total = sum(found.spec.award(a).total for a in ratio.awards)
        yield ratio, indices, members, total


def plain_highs(found: Candidates) -> dict[str, Any]:
    start = time.perf_counter()
    plain = plain_structure(found)
    h = new_highs(time_limit=PLAIN_TIME_LIMIT)
    n = len(found.items)
    x = h.addBinaries(n)
    x = [x[i] for i in range(n)]
    seats: dict[tuple[str, str], list[object]] = defaultdict(list)
    capacity: dict[tuple[str, str], int] = {}
    for index, fits in plain.kinds.items():
        zs = []
        for kind, count in fits:
            z = h.addBinary()
            zs.append(z)
            seats[kind].append(z)
            capacity[kind] = count
        h.addConstr(h.qsum(zs) == x[index] if zs else x[index] == 0)
    for kind, zs in seats.items():
        h.addConstr(h.qsum(zs) <= capacity[kind])
    by_award: dict[str, list[int]] = defaultdict(list)
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(found.items):
        by_award[item.award].append(index)
        if found.spec.award(item.award).allocation == "pool":
            pools[(item.award, item.unit)].append(index)
    for award in found.spec.awards:
        h.addConstr(h.qsum(x[i] for i in by_award[award.name]) == award.total)
        if award.per_unit_max:
            for (name, _), indices in pools.items():
                if name == award.name and len(indices) > award.per_unit_max:
                    h.addConstr(h.qsum(x[i] for i in indices) <= award.per_unit_max)
    for ratio, indices, members, total in _ratio_terms(found):
        share = Fraction(ratio.min if ratio.min is not None else ratio.max)
        chosen_members = h.qsum(x[i] for i in members)
        if ratio.base == "award_total":
            bound = math.ceil(share * total) if ratio.min is not None else math.floor(share * total)
            h.addConstr(
                chosen_members >= bound if ratio.min is not None else chosen_members <= bound
            )
        else:
            base = h.qsum(x[i] for i in indices)
            expr = share.denominator * chosen_members - share.numerator * base
            h.addConstr(expr >= 0 if ratio.min is not None else expr <= 0)
    for alternate, leader in found.leader_of.items():
        h.addConstr(x[alternate] + x[leader] <= 1)
    h.maximize(h.qsum(float(found.scores[i]) * x[i] for i in range(n)))
    solved_at = time.perf_counter()
    return {
        "status": h.modelStatusToString(h.getModelStatus()),
        "objective": h.getInfo().objective_function_value,
        "seconds": solved_at - start,
        "solve_seconds": h.getRunTime(),
        "columns": h.getNumCol(),
        "rows": h.getNumRow(),
    }


def plain_cp_sat(found: Candidates) -> dict[str, Any]:
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        return {"status": "CP-SAT not installed"}
    start = time.perf_counter()
    plain = plain_structure(found)
    model = cp_model.CpModel()
    n = len(found.items)
    x = [model.new_bool_var(f"x{i}") for i in range(n)]
    seats: dict[tuple[str, str], list[object]] = defaultdict(list)
    capacity: dict[tuple[str, str], int] = {}
    for index, fits in plain.kinds.items():
        zs = []
        for kind, count in fits:
            z = model.new_bool_var("")
            zs.append(z)
            seats[kind].append(z)
            capacity[kind] = count
        model.add(sum(zs) == x[index])
    for kind, zs in seats.items():
        model.add(sum(zs) <= capacity[kind])
    by_award: dict[str, list[int]] = defaultdict(list)
    pools: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, item in enumerate(found.items):
        by_award[item.award].append(index)
        if found.spec.award(item.award).allocation == "pool":
            pools[(item.award, item.unit)].append(index)
    for award in found.spec.awards:
        model.add(sum(x[i] for i in by_award[award.name]) == award.total)
        if award.per_unit_max:
            for (name, _), indices in pools.items():
                if name == award.name and len(indices) > award.per_unit_max:
                    model.add(sum(x[i] for i in indices) <= award.per_unit_max)
    for ratio, indices, members, total in _ratio_terms(found):
        share = Fraction(ratio.min if ratio.min is not None else ratio.max)
        chosen_members = sum(x[i] for i in members)
        if ratio.base == "award_total":
            if ratio.min is not None:
                model.add(chosen_members >= math.ceil(share * total))
            else:
                model.add(chosen_members <= math.floor(share * total))
        else:
            expr = share.denominator * chosen_members - share.numerator * sum(x[i] for i in indices)
            model.add(expr >= 0) if ratio.min is not None else model.add(expr <= 0)
    for alternate, leader in found.leader_of.items():
        model.add(x[alternate] + x[leader] <= 1)
    model.maximize(sum(int(found.scores[i]) * x[i] for i in range(n)))
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = PLAIN_TIME_LIMIT
    status = solver.solve(model)
    return {
        "status": solver.status_name(status),
        "objective": solver.objective_value,
        "seconds": time.perf_counter() - start,
        "solve_seconds": solver.wall_time,
    }


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.select")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sizes", type=int, nargs="*", default=sorted(TARGETS))
    args = parser.parse_args(argv)
    sizes: dict[str, Any] = {}
    results = {
        "date": datetime.now().astimezone().isoformat(timespec="seconds"),
        "highspy": metadata.version("highspy"),
        "ortools": _version("ortools"),
        "cpu_count": os.cpu_count(),
        "sizes": sizes,
    }
    passed = True
    print("pingxuan bench: the selection optimiser", flush=True)
    for size in args.sizes:
        started = time.perf_counter()
        data = instance(size)
        print(
            f"  {size:,}: {len(data.nominations):,} nominations, {len(data.spec.units):,} units "
            f"(generated in {time.perf_counter() - started:.1f} s)",
            flush=True,
        )
        runs = [ours(data) for _ in range(max(args.repeats, 1))]
        best = min(runs, key=lambda r: float(r["seconds"]))
        end_to_end = time.perf_counter()
        select(data.spec, data.nominations, data.scores)  # re-checked by the engine inside
        end_to_end = time.perf_counter() - end_to_end
        found = build_candidates(data.spec, data.nominations, data.scores)
        plain = plain_highs(found)
        cp = plain_cp_sat(found)
        target = TARGETS.get(size)
        ok = target is None or (best["status"] == "Optimal" and best["seconds"] < target)
        passed &= ok
        sizes[str(size)] = {
            "nominations": len(data.nominations),
            "ours": best,
            "ours_repeats": [r["seconds"] for r in runs],
            "select_end_to_end_seconds": end_to_end,
            "plain_highs": plain,
            "cp_sat": cp,
            "target_seconds": target,
            "pass": ok,
        }
        print(
            f"    ours     {best['status']:<10} {best['seconds']:8.3f} s  (model "
            f"{best['model_seconds']:.3f} s, solve {best['solve_seconds']:.3f} s; "
            f"{best['columns']:,} columns, {best['rows']:,} rows; objective "
            f"{best['objective']:.0f})  target < {target} s: {'PASS' if ok else 'FAIL'}",
            flush=True,
        )
        print(
            f"             candidates (the engine's per-nomination rules) "
            f"{best['candidates_seconds']:.3f} s; select() end to end with the engine's "
            f"re-check of the list and the reasons {end_to_end:.3f} s",
            flush=True,
        )
        print(
            f"    plain    {plain['status']:<10} {plain['seconds']:8.3f} s  (solve "
            f"{plain['solve_seconds']:.3f} s; {plain['columns']:,} columns, {plain['rows']:,} "
            f"rows; objective {plain['objective']:.0f})",
            flush=True,
        )
        if "seconds" in cp:
            print(
                f"    CP-SAT   {cp['status']:<10} {cp['seconds']:8.3f} s  (solve "
                f"{cp['solve_seconds']:.3f} s; objective {cp['objective']:.0f})",
                flush=True,
            )
        else:
            print(f"    CP-SAT   {cp['status']}", flush=True)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print("all selection targets met" if passed else "SELECTION TARGET MISSED")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
