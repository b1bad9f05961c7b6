"""What every rule needs besides the nominations: the spec, the stage and the reference date."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

from pingxuan.core.findings import Finding, RowRef, Scope, Severity, Stage
from pingxuan.core.spec.expressions import (
    ALWAYS,
    Expression,
    Predicate,
    compile_expression,
    parse,
)
from pingxuan.core.spec.models import Rule, Spec, StageSeverity


@dataclass
class Context:
    spec: Spec
    stage: Stage = Stage.NOMINATION
    as_of: date | None = None
    _expressions: dict[str, Expression] = field(default_factory=dict)
    _predicates: dict[str, Predicate] = field(default_factory=dict)
    _reservations: dict[tuple[str, ...], Predicate] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.as_of is None:
            self.as_of = self.spec.reference_date()

    @property
    def reference_date(self) -> date:
        assert self.as_of is not None
        return self.as_of

    def expression(self, source: str) -> Expression:
        compiled = self._expressions.get(source)
        if compiled is None:
            compiled = self._expressions[source] = parse(source)
        return compiled

    def predicate(self, source: str) -> Predicate:
        """``expression(source)`` compiled, for loops over every nomination of a unit."""
        compiled = self._predicates.get(source)
        if compiled is None:
            compiled = self._predicates[source] = compile_expression(self.expression(source))
        return compiled

    def reservation(self, labels: tuple[str, ...]) -> Expression:
        """Who may take a place reserved for all of ``labels`` (其中 narrows the label before)."""
        expression = ALWAYS
        for label in labels:
            expression = expression.conjoin(self.expression(self.spec.reservations[label]))
        return expression

    def reservation_predicate(self, labels: tuple[str, ...]) -> Predicate:
        """``reservation(labels)`` compiled, for seating every nomination of a unit."""
        compiled = self._reservations.get(labels)
        if compiled is None:
            compiled = self._reservations[labels] = compile_expression(self.reservation(labels))
        return compiled

    @cached_property
    def leader_keywords(self) -> re.Pattern[str]:
        """Any of the spec's leader keywords (董事长, 科长 …) anywhere in a text."""
        return re.compile("|".join(map(re.escape, self.spec.eligibility.leader_keywords)))

    def severity(self, stages: StageSeverity) -> Severity | None:
        name = stages.at(self.stage.value)
        return None if name == "off" else Severity(name)

    def report(self, rule: Rule, rule_id: str, **details: Any) -> tuple[Finding, ...]:
        """``finding(…)`` as zero or one findings, for ``yield from``: nothing when the rule is
        off at this stage."""
        found = self.finding(rule, rule_id, **details)
        return () if found is None else (found,)

    def finding(
        self,
        rule: Rule,
        rule_id: str,
        *,
        scope: Scope,
        award: str | None,
        unit: str | None,
        rows: Iterable[RowRef] = (),
        message: str,
        hint: str,
        stages: StageSeverity | None = None,
        clause: str | None = None,
        unit_message: str = "",
        unit_hint: str = "",
        form_hint: str = "",
    ) -> Finding | None:
        severity = self.severity(stages or rule.severity)
        if severity is None:
            return None
        return Finding(
            rule=rule_id,
            clause=clause or rule.clause,
            severity=severity,
            scope=scope,
            award=award,
            unit=unit,
            rows=tuple(rows),
            message=message,
            hint=hint,
            unit_message=unit_message,
            unit_hint=unit_hint,
            form_hint=form_hint,
        )
