"""A MILP kept as plain arrays: columns (x per candidate, helper columns) and tagged rows.

Every row carries the rule it comes from (``RuleRef``), so that the elastic model of ``explain``
can give a slack to each rule instance and name it, and ``solve`` can say which rule binds. The
arrays go to HiGHS in one ``passModel`` call: building 100,000 columns through the modelling API
costs more than solving them.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field
from typing import Literal

import highspy
import numpy as np

INF = highspy.kHighsInf


@dataclass(frozen=True, slots=True)
class RuleRef:
    """One instance of a rule: e.g. ratio.badge.non_public, or the places of one unit."""

    rule: str  # the engine's rule id where there is one (ratio.…, quota.…), else select.…
    clause: str
    award: str | None
    unit: str | None
    label: str  # Chinese: what the rule asks, for reasons and selection.json


@dataclass(slots=True)
class Row:
    ref: RuleRef
    columns: list[int]
    values: list[float]
    lower: float
    upper: float
    # Which side may give in the elastic model; None: structural, never relaxed.
    elastic: Literal["lower", "upper", "both"] | None
    # The slack's coefficient in the elastic model: one unit of slack is one candidate.
    weight: float = 1.0


@dataclass
class Model:
    """Columns 0..candidates-1 are the candidates' x (binary); helper columns follow."""

    candidates: int
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    cost: list[float] = field(default_factory=list)
    integer: list[bool] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    # Helper column → the candidates it counts (a profile's count): lets ``solve`` see through it.
    counted_by: dict[int, list[int]] = field(default_factory=dict)
    profile_columns: list[int] | None = None  # see counts.py

    def __post_init__(self) -> None:
        for _ in range(self.candidates):
            self.add_column(0.0, 1.0, integer=True)

    def add_column(self, lower: float, upper: float, *, integer: bool, cost: float = 0.0) -> int:
        self.lower.append(lower)
        self.upper.append(upper)
        self.cost.append(cost)
        self.integer.append(integer)
        return len(self.lower) - 1

    def add_row(
        self,
        ref: RuleRef,
        columns: list[int],
        values: list[float],
        lower: float = -INF,
        upper: float = INF,
        elastic: Literal["lower", "upper", "both"] | None = None,
        weight: float = 1.0,
    ) -> None:
        self.rows.append(Row(ref, columns, values, lower, upper, elastic, weight))

    def fix(self, column: int, value: float) -> None:
        self.lower[column] = self.upper[column] = value

    def to_highs(
        self,
        *,
        rows: list[Row] | None = None,
        cost: list[float] | None = None,
        extra_columns: int = 0,
        maximise: bool = True,
    ) -> highspy.HighsLp:
        """The arrays as a HighsLp; ``extra_columns`` continuous columns in [0, inf) are
        appended (the elastic slacks, whose coefficients the given rows already name)."""
        rows = self.rows if rows is None else rows
        lp = highspy.HighsLp()
        count = len(self.lower) + extra_columns
        lp.num_col_ = count
        lp.num_row_ = len(rows)
        costs = list(self.cost if cost is None else cost)
        costs += [0.0] * (count - len(costs))
        lp.col_cost_ = np.asarray(costs, dtype=np.float64)
        lp.col_lower_ = np.asarray(self.lower + [0.0] * extra_columns, dtype=np.float64)
        lp.col_upper_ = np.asarray(self.upper + [INF] * extra_columns, dtype=np.float64)
        lp.row_lower_ = np.asarray([r.lower for r in rows], dtype=np.float64)
        lp.row_upper_ = np.asarray([r.upper for r in rows], dtype=np.float64)
        starts = np.zeros(len(rows) + 1, dtype=np.int32)
        np.cumsum([len(r.columns) for r in rows], out=starts[1:])
        matrix = lp.a_matrix_
        matrix.format_ = highspy.MatrixFormat.kRowwise
        matrix.num_col_ = count
        matrix.num_row_ = len(rows)
        matrix.start_ = starts
        matrix.index_ = (
            np.concatenate([np.asarray(r.columns, dtype=np.int32) for r in rows])
            if rows
            else np.zeros(0, dtype=np.int32)
        )
        matrix.value_ = (
            np.concatenate([np.asarray(r.values, dtype=np.float64) for r in rows])
            if rows
            else np.zeros(0, dtype=np.float64)
        )
        lp.integrality_ = [
            highspy.HighsVarType.kInteger if flag else highspy.HighsVarType.kContinuous
            for flag in self.integer
        ] + [highspy.HighsVarType.kContinuous] * extra_columns
        lp.sense_ = highspy.ObjSense.kMaximize if maximise else highspy.ObjSense.kMinimize
        return lp


_banner_shown = False


def _first_highs() -> highspy.Highs:
    """HiGHS prints its banner to the process's stdout the first time, before any option can
    be set; a command that prints JSON or Chinese reasons must not start with it."""
    global _banner_shown
    if _banner_shown:
        return highspy.Highs()  # type: ignore[no-untyped-call]
    _banner_shown = True
    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as sink:
            os.dup2(sink.fileno(), 1)
            return highspy.Highs()  # type: ignore[no-untyped-call]
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def new_highs(*, threads: int | None = None, time_limit: float | None = None) -> highspy.Highs:
    """A quiet HiGHS that proves optimality: no relative or absolute gap is tolerated beyond
    what an integral objective allows (the objective is made integral in ``solve``)."""
    highs = _first_highs()
    highs.setOptionValue("output_flag", False)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.5)
    highs.setOptionValue("random_seed", 0)
    if threads is not None:
        highs.setOptionValue("threads", threads)
    if time_limit is not None:
        highs.setOptionValue("time_limit", time_limit)
    return highs


INTEGRAL = 1e-6  # how far from 0 or 1 an x of the relaxation may be and still count as integral


def solve_lp_first(
    lp: highspy.HighsLp, candidates: int, *, threads: int | None = None
) -> tuple[list[float], float] | None:
    """An optimal solution's column values and HiGHS's seconds, or None when none exists.

    LP first: the seating rows are a network and the city rows are few, so the relaxation's
    optimum is nearly always integral in the candidates' x, and an integral optimum of the
    relaxation is a proven optimum of the MILP (no integral point can beat the relaxation's
    bound); an infeasible relaxation proves that no list exists. Only when some x is fractional
    does HiGHS branch. The dual simplex without presolve is the fastest on these models
    (presolve costs more than it saves here: docs/performance.md).
    """
    relaxed = new_highs(threads=threads)
    relaxed.setOptionValue("presolve", "off")
    relaxed.setOptionValue("solver", "simplex")
    integrality = lp.integrality_
    lp.integrality_ = []
    relaxed.passModel(lp)
    relaxed.run()
    seconds = float(relaxed.getRunTime())
    status = relaxed.getModelStatus()
    if status == highspy.HighsModelStatus.kInfeasible:
        return None
    if status == highspy.HighsModelStatus.kOptimal:
        values = list(relaxed.getSolution().col_value)
        if all(abs(v - round(v)) <= INTEGRAL for v in values[:candidates]):
            return values, seconds
    highs = new_highs(threads=threads)
    lp.integrality_ = integrality
    highs.passModel(lp)
    highs.run()
    seconds += float(highs.getRunTime())
    if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
        return None
    return list(highs.getSolution().col_value), seconds
