"""Award totals (一): the list holds the award's total (30/120/80), never more.

The engine's ``quota.award_total`` forbids more than the total; that the city fills every
place is the selection's own goal, so the lower side is elastic and a shortfall is a reason
("需30个，符合条件的只有28个"). ``allow_fewer`` drops the lower side.
"""

from __future__ import annotations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.counts import profile_counts
from pingxuan.core.select.model import Model, RuleRef


def add(model: Model, found: Candidates, *, allow_fewer: bool = False) -> None:
    clause = found.spec.rules.totals.clause
    counts = profile_counts(model, found)
    profile_award = found.profiles()[1]
    for award in found.spec.awards:
        indices = [counts[p] for p, name in enumerate(profile_award) if name == award.name]
        ref = RuleRef(
            "quota.award_total", clause, award.name, None, f"{award.name}共{award.total}个"
        )
        lower = 0.0 if allow_fewer else float(award.total)
        model.add_row(
            ref,
            indices,
            [1.0] * len(indices),
            lower=lower,
            upper=float(award.total),
            elastic=None if allow_fewer else "lower",
        )
