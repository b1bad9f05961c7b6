"""A column per profile of candidates (award and every column a population or reservation
reads) counting how many of them are chosen: Σ x − count = 0.

City-wide rows (totals, ratios) are written over these counts, a few hundred entries a row
instead of one per candidate, which keeps the LP of 100,000 candidates sparse. A count is
integral whenever the x are, so it stays continuous.
"""

from __future__ import annotations

from pingxuan.core.select.candidates import Candidates
from pingxuan.core.select.model import Model, RuleRef


def profile_counts(model: Model, found: Candidates) -> list[int]:
    if model.profile_columns is not None:
        return model.profile_columns
    profile_of, awards = found.profiles()
    members: list[list[int]] = [[] for _ in awards]
    for index, profile in enumerate(profile_of):
        members[profile].append(index)
    columns = []
    for profile, indices in enumerate(members):
        column = model.add_column(0.0, float(len(indices)), integer=False)
        columns.append(column)
        ref = RuleRef("select.profile_count", "—", awards[profile], None, "同类推荐对象计数")
        model.add_row(ref, [*indices, column], [1.0] * len(indices) + [-1.0], 0.0, 0.0)
        model.counted_by[column] = indices
    model.profile_columns = columns
    return columns
