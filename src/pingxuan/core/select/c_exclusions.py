"""Who is out before any choice: withdrawn, 专项, 涉敏 unanswered, orphan alternates, must-not.

These are not constraints of the MILP: an excluded nomination has no column at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pingxuan.core.nominations import Nomination
from pingxuan.core.publicity import Exposure, exposure
from pingxuan.core.rules.context import Context

if TYPE_CHECKING:
    from pingxuan.core.select.candidates import Exclusion


def exclusion(
    ctx: Context,
    nomination: Nomination,
    item: Nomination,
    leader: Nomination | None,
    must_not: bool,
    *,
    decided: bool = False,
) -> Exclusion | None:
    from pingxuan.core.select.candidates import Exclusion

    if nomination.withdrawn:
        # 初审未通过、复审未通过、已撤销: a place once lost is never refilled (三（三）1, 四).
        return Exclusion("select.withdrawn", "初审、复审未通过或已撤销，不进入最终名单")
    if nomination.is_special:
        # 专项表彰 is outside every quota and ratio of the 综合表彰 (一).
        return Exclusion("select.special", "专项表彰，单独认定，不参加综合表彰优选")
    # A published 复审通过 of an alternate already holds its leader's place (the leader was left
    # out because the alternate took it): the final list counts it as 综合表彰 whoever the leader.
    if nomination.is_alternate and not decided:
        # An alternate only ever takes its own leader's place (三（一）1); a withdrawn leader's
        # place is cancelled, not handed on.
        if leader is None:
            return Exclusion("select.alternate_orphan", "备选对象找不到对应的负责人，不能单独入选")
        if leader.withdrawn:
            return Exclusion("select.alternate_orphan", "对应的负责人已撤销或未通过，名额作废")
    # 三（六）: a 涉敏 question not answered blocks publication, so it cannot be on a list that
    # will be published.
    levels = ctx.spec.publicity.levels
    if levels and exposure(levels[0], item) is Exposure.BLOCKED:
        return Exclusion("select.sensitive_unanswered", "涉敏情况未明确，不能进入公示和最终名单")
    if must_not:
        return Exclusion("select.must_not", "评审委员会决定不选")
    return None
