"""The 【演示·评审】 demo: the seed releases no final list (the demo shows the office doing it),
and once 复审 has approved a list that keeps every rule, the office releases it through the page
on today's date."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from pingxuan.web.accounts.demo import REVIEW_SLUG
from pingxuan.web.campaigns.models import Campaign
from pingxuan.web.finals.domain.content import current_list
from pingxuan.web.finals.models import FinalList
from pingxuan.web.nominations.enums import Kind, Standing
from pingxuan.web.nominations.models import Nomination
from pingxuan.web.review.domain.selection import import_scores, propose
from tests.web.personas import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings: object) -> Iterator[Campaign]:
    settings.DEBUG = True  # type: ignore[attr-defined]  # seed_demo refuses outside a local run
    call_command("seed_demo_campaign", "--quiet-units", stdout=StringIO())
    yield Campaign.objects.get(slug=REVIEW_SLUG)


def test_the_demo_releases_its_final_list_through_the_page_today(demo: Campaign) -> None:
    assert FinalList.objects.filter(campaign=demo).count() == 0
    office = signed_in(get_user_model().objects.get(username="shi-shenhe"))
    url = f"/office/{demo.slug}/final/"
    assert "草稿（未发布）" in office.get(url).content.decode()
    # 复审 as the office would reach it: scores in, 优选 run, its list approved (the 复审
    # release itself is tests/web/review's; here the demo's materials are not all in yet).
    candidates = list(Nomination.objects.filter(campaign=demo, standing=Standing.PASSED))
    lines = ["奖项,推荐单位,序号,分数"] + [
        f"{n.award},{n.unit.name},{n.seq},{(n.pk * 37) % 100}"
        for n in candidates
        if n.kind != Kind.SPECIAL
    ]
    table = ("\n".join(lines) + "\n").encode()
    import_scores(demo, "分数.csv", table, actor=None, role="reviewer")
    proposal = propose(demo, allow_fewer=True)
    assert proposal.feasible, proposal.conflicts
    Nomination.objects.filter(pk__in=proposal.chosen).update(standing=Standing.APPROVED)

    page = office.get(url)
    assert page.context["blocker"] is None, page.context["blocker"]
    today = page.context["form"].initial["issued_on"]
    response = office.post(
        f"{url}release/",
        {
            "number": "郑工〔2024〕8号",
            "issued_on": today.isoformat(),
            "shown": page.context["digest"],
        },
    )

    assert response.status_code == 302
    final = current_list(demo)
    assert final is not None
    assert (final.issued_on, final.rows.count()) == (timezone.localdate(), len(proposal.chosen))
