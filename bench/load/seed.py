"""Fill every unit of the load database with the generator's compliant nominations (run inside the
stack's environment by bench.load); print, as JSON, the comprehensive medal nominees of each
demo clerk's unit with its cells, for the load test's saves."""

from __future__ import annotations

import json
import sys

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import User
    from tests.web.nominations.helpers import fill_unit

    from pingxuan.core.columns import COMPREHENSIVE
    from pingxuan.web.campaigns.models import Campaign
    from pingxuan.web.nominations.models import Nomination

    campaign = Campaign.objects.get(slug=sys.argv[1])
    actor = User.objects.get(username="shi-guanli")
    for unit in campaign.units.order_by("pk"):
        fill_unit(campaign, unit, actor)
    editable: dict[str, list[dict[str, object]]] = {}
    for clerk in User.objects.filter(username__endswith="-jingban"):
        unit = clerk.memberships.get().unit
        editable[clerk.username] = [
            {"pk": n.pk, "cells": n.cells}
            for n in Nomination.objects.filter(
                unit=unit, award="五一劳动奖章", kind=COMPREHENSIVE, alternates__isnull=True
            )
        ]
    json.dump(editable, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
