"""CPU time per request of the load test's pages, without the load (`python -m bench.load.profile`).

Prepares (or, with ``--reuse``, reuses) the load test's PostgreSQL database with every unit filled,
then asks each page ``--repeats`` times through Django's test client in this one process and
prints the CPU milliseconds per request (``time.process_time``: this process only, so the other
agents on the machine do not count; the database server's own time is not in it). ``--profile``
writes a cProfile of each page to var/load/profile-<page>.pstats and prints the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

from bench.load.stack import ROOT, SERVER, Stack

SLUG = "zhengzhou-2024"
CLERK = "hkg-jingban"
REVIEWER = "shi-shenhe"
PHONE = "13812345678"


def prepare(database: str, server: str) -> tuple[str, str]:
    """The database's URL and the seed's JSON (the clerks' editable nominations)."""
    stack = Stack(database, apps=0)
    stack.prepare(server)
    seeded = subprocess.run(
        [sys.executable, "-m", "bench.load.seed", SLUG],
        env=stack.env(),
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return stack.url, seeded.stdout


def pages(editable: dict[str, list[dict[str, object]]]) -> dict[str, Callable[[], object]]:
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.core.cache import caches
    from django.test import Client
    from tests.web.portal.form_data import post_of

    clerk, reviewer = Client(), Client()
    clerk.force_login(User.objects.get(username=CLERK))
    reviewer.force_login(User.objects.get(username=REVIEWER))
    nominee = editable[CLERK][0]
    form = post_of("person", nominee["cells"], 联系电话=PHONE)  # type: ignore[arg-type]

    def expect(status: int, call: Callable[[], object]) -> Callable[[], object]:
        def run() -> object:
            response = call()
            assert response.status_code == status, response  # type: ignore[attr-defined]
            return response

        return run

    live = {**form, "nomination": nominee["pk"]}
    save_url = f"/portal/{SLUG}/nominations/{nominee['pk']}/"

    def cold(url: str) -> object:
        # What a page costs when its content has changed: no rendered fragment to reuse
        # (pingxuan.web.fragments); the engine's result is still cached. Code from before the
        # fragments has no such cache: the row is then the same as the one above.
        if "fragments" in settings.CACHES:
            caches["fragments"].clear()
        return clerk.get(url)

    return {
        "单位首页": expect(200, lambda: clerk.get(f"/portal/{SLUG}/")),
        "单位首页（片段未缓存）": expect(200, lambda: cold(f"/portal/{SLUG}/")),
        "实时检查": expect(200, lambda: clerk.post(f"/portal/{SLUG}/live-check/person/", live)),
        "保存": expect(302, lambda: clerk.post(save_url, form)),
        "导入（页面 + 模板）": expect(
            200,
            lambda: (
                clerk.get(f"/portal/{SLUG}/import/"),
                clerk.get(f"/portal/{SLUG}/import/template.xlsx"),
            )[1],
        ),
        "市总概览": expect(200, lambda: reviewer.get(f"/office/{SLUG}/")),
        "初审列表": expect(200, lambda: reviewer.get(f"/office/{SLUG}/review/")),
        "hello-world": expect(200, lambda: clerk.get("/healthz/")),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="pingxuan_load")
    parser.add_argument("--postgres", default=SERVER)
    parser.add_argument("--reuse", action="store_true", help="the database is already seeded")
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    out = ROOT / "var" / "load"
    out.mkdir(parents=True, exist_ok=True)
    seed_file = out / f"seed-{args.database}.json"
    if args.reuse:
        url, seeded = f"{args.postgres}/{args.database}", seed_file.read_text()
    else:
        url, seeded = prepare(args.database, args.postgres)
        seed_file.write_text(seeded)
    os.environ.update(
        DATABASE_URL=url, DJANGO_SETTINGS_MODULE="pingxuan.web.settings", PINGXUAN_DEBUG="false"
    )
    os.environ.setdefault("SECRET_KEY", "bench-load-profile-" + "x" * 40)
    os.environ.setdefault("PINGXUAN_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    calls = pages(json.loads(seeded))
    print("| 页面 | CPU ms/次（中位数） | 最少 | 墙钟 ms/次（中位数） |")
    print("|---|---:|---:|---:|")
    for name, call in calls.items():
        call()  # warm: the parsed spec, the first query plans
        cpu, wall = [], []
        profiler = cProfile.Profile() if args.profile else None
        for _ in range(args.repeats):
            c0, w0 = time.process_time(), time.perf_counter()
            if profiler is not None:
                profiler.enable()
            call()
            if profiler is not None:
                profiler.disable()
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        print(
            f"| {name} | {statistics.median(cpu) * 1000:.1f} | {min(cpu) * 1000:.1f} "
            f"| {statistics.median(wall) * 1000:.1f} |"
        )
        if profiler is not None:
            path = out / f"profile-{name}.pstats"
            profiler.dump_stats(path)
            stats = pstats.Stats(str(path), stream=sys.stderr)
            print(f"\n== {name}", file=sys.stderr)
            stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
