"""The small condition language of a campaign spec: who a reservation, ratio or rule is about.

A condition reads like the exchange workbook it is checked against:

    身份类别 = 一线产业工人|其他一线职工和专业技术人员 or 人员标签 has 一线
    单位性质 = 非公有制 and 人员标签 has 新就业形态 and 人员标签 has 农民工

``and`` binds tighter than ``or`` (either may be written in capitals), and parentheses group:
``(A or B) and C`` is multiplied out to ``A and C or B and C``, the disjunctive form that the
rules and the optimiser read. ``=`` and ``!=`` test one value against alternatives separated by
``|``; ``has`` tests a list column (人员标签) for any of the alternatives. ``==`` is refused with
the right spelling. Field
names and values are checked against the spec's vocabulary when the spec is loaded, so a typo is
refused at load time, never silently false.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass

Facts = Mapping[str, object]
Predicate = Callable[[Facts], bool]

OPERATORS = ("!=", "=", " has ")


class ExpressionError(ValueError):
    """A condition that cannot be read; the message is Chinese and names the bad part."""


@dataclass(frozen=True, slots=True)
class Test:
    field: str
    operator: str  # "=", "!=", "has"
    values: frozenset[str]

    def __call__(self, facts: Facts) -> bool:
        value = facts.get(self.field)
        if self.operator == "has":
            return isinstance(value, frozenset) and not value.isdisjoint(self.values)
        if self.operator == "=":
            return value in self.values
        return value is not None and value not in self.values


@dataclass(frozen=True, slots=True)
class Expression:
    """A disjunction of conjunctions of tests; the empty expression is always true."""

    source: str
    alternatives: tuple[tuple[Test, ...], ...]

    @property
    def tests(self) -> tuple[Test, ...]:
        return tuple(test for conjunction in self.alternatives for test in conjunction)

    def __call__(self, facts: Facts) -> bool:
        if not self.alternatives:
            return True
        for conjunction in self.alternatives:
            for test in conjunction:
                if not test(facts):
                    break
            else:
                return True
        return False

    def conjoin(self, other: Expression) -> Expression:
        """Both must hold: used for nested reservations (非公 within 企业班组)."""
        if not self.alternatives:
            return other
        if not other.alternatives:
            return self
        combined = tuple(a + b for a in self.alternatives for b in other.alternatives)
        return Expression(f"({self.source}) and ({other.source})", combined)


ALWAYS = Expression("", ())


def compile_expression(expression: Expression) -> Predicate:
    """The same answers as ``expression(facts)``, as closures that skip the interpretation.

    Ratios and seats test every nomination of a unit against every population, so at national
    scale this is the innermost loop; ``Test`` and ``Expression`` stay the readable definition.
    """
    conjunctions = [
        tuple(_compile_test(test) for test in conjunction)
        for conjunction in expression.alternatives
    ]
    if not conjunctions:
        return _always
    if len(conjunctions) == 1 and len(conjunctions[0]) == 1:
        return conjunctions[0][0]

    def holds(facts: Facts) -> bool:
        for tests in conjunctions:
            for test in tests:
                if not test(facts):
                    break
            else:
                return True
        return False

    return holds


def _always(facts: Facts) -> bool:
    return True


def _compile_test(test: Test) -> Predicate:
    field, values = test.field, test.values
    if test.operator == "has":

        def has(facts: Facts) -> bool:
            value = facts.get(field)
            return isinstance(value, frozenset) and not value.isdisjoint(values)

        return has
    if test.operator == "=":

        def equals(facts: Facts) -> bool:
            return facts.get(field) in values

        return equals

    def differs(facts: Facts) -> bool:
        value = facts.get(field)
        return value is not None and value not in values

    return differs


def parse(source: str) -> Expression:
    """Read a condition into its disjunctive form; parentheses are multiplied out."""
    text = " ".join(source.split())
    if not text:
        return ALWAYS
    if "==" in text:
        raise ExpressionError(f"条件“{source}”中的“==”应写作一个等号“=”，例如“性别 = 女”")
    tokens = _tokens(text)
    alternatives, rest = _disjunction(tokens, source)
    if rest:
        raise ExpressionError(f"条件“{source}”中多了一个右括号“)”")
    return Expression(text, alternatives)


Alternatives = tuple[tuple[Test, ...], ...]
# Connectives are whole words in any case: a dangling "and" must be refused, not read as part
# of a value, and "AND" means what it says.
_SPLIT = re.compile(r"([()（）]|(?<!\S)(?:and|or)(?!\S))", re.IGNORECASE)


def _tokens(text: str) -> list[str]:
    """Parentheses, the connectives (lower-cased) and the tests between them."""
    tokens = []
    for raw in _SPLIT.split(text):
        token = raw.strip()
        if token.lower() in ("and", "or"):
            token = token.lower()
        token = {"（": "(", "）": ")"}.get(token, token)
        if token:
            tokens.append(token)
    return tokens


def _disjunction(tokens: list[str], source: str) -> tuple[Alternatives, list[str]]:
    alternatives, tokens = _conjunction(tokens, source)
    while tokens and tokens[0] == "or":
        more, tokens = _conjunction(tokens[1:], source)
        alternatives = alternatives + more
    return alternatives, tokens


def _conjunction(tokens: list[str], source: str) -> tuple[Alternatives, list[str]]:
    alternatives, tokens = _operand(tokens, source)
    while tokens and tokens[0] == "and":
        more, tokens = _operand(tokens[1:], source)
        # (a or b) and (c or d) = a c or a d or b c or b d
        alternatives = tuple(x + y for x in alternatives for y in more)
    return alternatives, tokens


def _operand(tokens: list[str], source: str) -> tuple[Alternatives, list[str]]:
    if tokens and tokens[0] == ")":
        raise ExpressionError(f"条件“{source}”中的括号里缺少条件")
    if not tokens or tokens[0] in ("and", "or"):
        raise ExpressionError(f"条件“{source}”中 and / or 的前后缺少条件")
    if tokens[0] == "(":
        inner, rest = _disjunction(tokens[1:], source)
        if not rest or rest[0] != ")":
            raise ExpressionError(f"条件“{source}”中的左括号“(”没有对应的右括号“)”")
        return inner, rest[1:]
    return ((_parse_test(tokens[0], source),),), tokens[1:]


def _parse_test(piece: str, source: str) -> Test:
    for operator in OPERATORS:
        if operator in piece:
            field, _, raw_values = piece.partition(operator)
            values = frozenset(v.strip() for v in raw_values.split("|") if v.strip())
            if not field.strip() or not values:
                break
            return Test(field.strip(), operator.strip(), values)
    raise ExpressionError(
        f"条件“{piece}”无法识别（在“{source}”中）：应写作“列名 = 值”“列名 != 值”或“列名 has 值”，"
        "多个值用 | 分隔，条件之间用 and / or 连接，可用括号分组"
    )
