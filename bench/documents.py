"""`make bench` (documents): every document that prints one nomination (简表,
推荐审批表, 部门意见表, the unit's 汇总表, the final list and the decision) rendered with
its 简要事迹 at 1,000 / 2,000 / 4,000 characters and with every free-text field at its
longest allowed length, each in one paragraph (a text pasted without line breaks: the
worst case), PDF and Word (xlsx for the 汇总表). Target: each file in under
3 s (issue 11), judged on the best repeat.

Runs on a throw-away test database (SQLite in memory unless DATABASE_URL is set), filled as the
document tests fill theirs: the 2024 campaign, one unit's generated nominations.

    .venv/bin/python -m bench.documents [--repeats N]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.web.settings")
django.setup()

from django.db import connection  # noqa: E402 (Django must be set up first)
from django.test.utils import setup_test_environment  # noqa: E402

from bench.run import Timing, machine, revision, timed  # noqa: E402

TARGET_SECONDS = 3.0
LENGTHS = (1000, 2000, 4000)
RESULTS = Path(__file__).resolve().parents[1] / "var" / "bench" / "documents.json"


def _jobs(nomination: object, unit: object, campaign: object) -> dict[str, Callable[[], object]]:
    from pingxuan.web.campaigns.domain.specs import campaign_spec
    from pingxuan.web.documents.interfaces import exports

    award = campaign_spec(campaign).award(nomination.award)  # type: ignore[attr-defined]
    jobs: dict[str, Callable[[], object]] = {}
    for kind in ("approval", "brief", "opinions"):
        for fmt in ("pdf", "docx"):
            jobs[f"{kind}.{fmt}"] = lambda k=kind, f=fmt: exports.nomination_export(
                nomination, k, f
            )
    for fmt in ("pdf", "xlsx"):
        jobs[f"汇总表.{fmt}"] = lambda f=fmt: exports.summary_export(campaign, award, unit, f)
    for fmt in ("pdf", "docx"):
        jobs[f"最终名单.{fmt}"] = lambda f=fmt: exports.final_list_export(campaign, f)
        jobs[f"表彰决定.{fmt}"] = lambda f=fmt: exports.decision_export(campaign, f)
    return jobs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=3, help="repeats of each timing (3)")
    args = parser.parse_args(argv)

    from tests.web.documents.longest import FORM_LONG, lengthen
    from tests.web.helpers import CAMPAIGN_FILE
    from tests.web.nominations.helpers import fill_unit
    from tests.web.personas import UNIT_A, make_persona

    from pingxuan.web.campaigns.domain.specs import load_campaign_file
    from pingxuan.web.campaigns.models import Unit
    from pingxuan.web.nominations.enums import Standing
    from pingxuan.web.nominations.models import Nomination

    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, keepdb=False)
    results: dict[str, dict[str, object]] = {}
    missed = []
    try:
        campaign = load_campaign_file(CAMPAIGN_FILE)
        unit = Unit.objects.get(campaign=campaign, name=UNIT_A)
        fill_unit(campaign, unit, make_persona(campaign, "clerk_a"))
        # Approved, so that the final list and the decision list them.
        Nomination.objects.filter(campaign=campaign).update(standing=Standing.APPROVED)
        medal = (
            Nomination.objects.filter(campaign=campaign, unit=unit, award="五一劳动奖章")
            .order_by("seq")
            .first()
        )
        assert medal is not None
        print(f"{'简要事迹':<10}{'文档':<16}{'最好':>8}{'中位数':>8}")
        for label, deeds in [*((f"{n:,}", n) for n in LENGTHS), ("最长", None)]:
            # One paragraph, the worst case: a text pasted without line breaks.
            if deeds is None:
                lengthen(medal, paragraph=FORM_LONG)
            else:
                lengthen(medal, deeds=deeds, paragraph=deeds)
            medal.refresh_from_db()
            for name, job in _jobs(medal, unit, campaign).items():
                job()  # warm: templates, fonts
                timing: Timing = timed(job, args.repeats)
                results[f"{label} {name}"] = timing.as_json()
                verdict = "" if timing.best < TARGET_SECONDS else "  未达到 < 3 s"
                if verdict:
                    missed.append(f"{label} {name}")
                print(f"{label:<12}{name:<18}{timing.best:>7.2f}s{timing.median:>7.2f}s{verdict}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {"machine": machine(), "revision": revision(), "results": results},
            ensure_ascii=False,
            indent=1,
        )
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
