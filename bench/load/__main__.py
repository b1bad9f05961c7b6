"""The load test (issue 12, 5): ``make load`` or ``python -m bench.load``.

A fresh PostgreSQL database with the 2024 campaign, every unit filled with the generator's
nominations, served by gunicorn with PINGXUAN_DEBUG=false on 127.0.0.1 only. Two load models in
the same run, each in two phases with USERS concurrent users for SECONDS seconds:

1. the mix: clerks (the three demo units' 经办人, one session per user) open their unit page,
   run the live check of a nomination form, save one of their nominations and open the import
   (page and template workbook); the city's 审核员 open the office overview and the 初审 list;
2. hello-world: the same number of users asking /healthz/ (no database, no session).

The models: "closed" (each user sends the next request as soon as the answer arrives: the site's
capacity) and "think" (each user waits THINK_MIN to THINK_MAX seconds between clicks, as a clerk
reading the page does: 50 people at work).

Prints and writes (var/load/result.json) throughput and p50/p95/p99 per page; any answer that is
not the expected one counts as an error. Bounded: users, seconds and requests per user are fixed."""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import django

from bench.load.client import Browser
from bench.load.stack import ROOT, SERVER, Stack

# The nomination form's fields come from the project (tests.web.portal.form_data): Django first.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pingxuan.web.settings")
django.setup()
from tests.web.portal.form_data import post_of  # noqa: E402

SLUG = "zhengzhou-2024"
PHONE = "13812345678"
CLERKS = ("hkg-jingban", "zd-jingban", "wjw-jingban")
REVIEWER = "shi-shenhe"


@dataclass
class Tally:
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, name: str, seconds: float, error: str | None) -> None:
        with self.lock:
            self.times[name].append(seconds)
            if error:
                self.errors[name].append(error)


def timed(tally: Tally, name: str, call: Callable[[], str | None]) -> None:
    start = time.perf_counter()
    try:
        error = call()
    except Exception as exc:  # a refused connection or a timeout is an error of the run
        error = f"{type(exc).__name__}: {exc}"
    tally.record(name, time.perf_counter() - start, error)


def expect(status: int, wanted: int, text: str = "") -> str | None:
    return None if status == wanted else f"HTTP {status} {text[-300:]}"


def clerk_user(base: str, username: str, mine: list[dict[str, object]], seed: int) -> Callable:
    browser = Browser()
    browser.login(base, username, f"demo-{username}")
    rng = random.Random(seed)
    unit_url = f"{base}/portal/{SLUG}/"
    browser.get(unit_url)  # the CSRF cookie

    def unit_page() -> str | None:
        return expect(browser.get(unit_url).status, 200)

    def live_check() -> str | None:
        nominee = rng.choice(mine)
        data = post_of("person", nominee["cells"], 联系电话=PHONE)  # type: ignore[arg-type]
        data.update(nomination=nominee["pk"], csrfmiddlewaretoken=browser.token())
        answer = browser.request(f"{base}/portal/{SLUG}/live-check/person/", data, unit_url)
        return expect(answer.status, 200, answer.text)

    def save() -> str | None:
        nominee = rng.choice(mine)
        url = f"{base}/portal/{SLUG}/nominations/{nominee['pk']}/"
        data = post_of("person", nominee["cells"], 联系电话=PHONE)  # type: ignore[arg-type]
        data["csrfmiddlewaretoken"] = browser.token()
        answer = browser.request(url, data, url)
        return expect(answer.status, 302, answer.text)

    def import_() -> str | None:
        page = browser.get(f"{base}/portal/{SLUG}/import/")
        if page.status != 200:
            return expect(page.status, 200)
        return expect(browser.get(f"{base}/portal/{SLUG}/import/template.xlsx").status, 200)

    tasks = [("单位首页", unit_page)] * 4 + [("实时检查", live_check)] * 3
    tasks += [("保存", save)] * 2 + [("导入", import_)]

    def step(tally: Tally) -> None:
        name, call = rng.choice(tasks)
        timed(tally, name, call)

    return step


def reviewer_user(base: str, seed: int) -> Callable:
    browser = Browser()
    browser.login(base, REVIEWER, f"demo-{REVIEWER}")
    rng = random.Random(seed)
    tasks = [("市总概览", f"{base}/office/{SLUG}/")] * 3
    tasks += [("初审列表", f"{base}/office/{SLUG}/review/")]

    def step(tally: Tally) -> None:
        name, url = rng.choice(tasks)
        timed(tally, name, lambda: expect(browser.get(url).status, 200))

    return step


def hello_user(base: str) -> Callable:
    browser = Browser()

    def step(tally: Tally) -> None:
        timed(tally, "hello-world", lambda: expect(browser.get(f"{base}/healthz/").status, 200))

    return step


def phase(
    users: list[Callable], seconds: float, think: tuple[float, float] = (0, 0)
) -> tuple[Tally, float]:
    """Every user steps until the time is up; with ``think``, waits a uniformly drawn number of
    seconds in that range before each step (the first wait spreads the users' starts)."""
    tally = Tally()
    barrier = threading.Barrier(len(users) + 1)
    stop = time.monotonic() + seconds + 3600  # replaced once everyone is ready

    def run(step: Callable, seed: int) -> None:
        rng = random.Random(seed)
        barrier.wait()
        while time.monotonic() < deadline[0]:
            if think[1] > 0:
                time.sleep(rng.uniform(*think))
                if time.monotonic() >= deadline[0]:
                    break
            step(tally)

    deadline = [stop]
    threads = [
        threading.Thread(target=run, args=(user, i), daemon=True) for i, user in enumerate(users)
    ]
    for thread in threads:
        thread.start()
    deadline[0] = time.monotonic() + seconds
    start = time.monotonic()
    barrier.wait()
    for thread in threads:
        thread.join(seconds + 120)
    return tally, time.monotonic() - start


def cpu_seconds(session: int) -> float:
    """User and system CPU time of every process of a session (the gunicorn master started in
    its own session, and its workers), from /proc: what the site spent, whatever else the
    machine's other users were doing."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        # After the name: state ppid pgrp session … utime (14th field) stime (15th).
        if int(fields[3]) == session:
            total += int(fields[11]) + int(fields[12])
    return total / ticks


def measured(
    users: list[Callable], seconds: float, session: int, think: tuple[float, float]
) -> tuple[Tally, float, float]:
    """``phase`` with the site's CPU seconds over it."""
    before = cpu_seconds(session)
    tally, elapsed = phase(users, seconds, think)
    return tally, elapsed, cpu_seconds(session) - before


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(tally: Tally, elapsed: float) -> dict[str, dict[str, float]]:
    rows = {}
    for name, times in sorted(tally.times.items()):
        rows[name] = {
            "requests": len(times),
            "errors": len(tally.errors.get(name, [])),
            "per_second": len(times) / elapsed,
            "p50_ms": percentile(times, 0.50) * 1000,
            "p95_ms": percentile(times, 0.95) * 1000,
            "p99_ms": percentile(times, 0.99) * 1000,
            "mean_ms": statistics.fmean(times) * 1000,
        }
    return rows


def table(result: dict[str, dict[str, float]]) -> str:
    lines = [
        "| 页面 | 请求数 | 错误 | 吞吐（次/秒） | p50 ms | p95 ms | p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, row in result.items():
        lines.append(
            f"| {name} | {row['requests']:.0f} | {row['errors']:.0f} | {row['per_second']:.1f} "
            f"| {row['p50_ms']:.0f} | {row['p95_ms']:.0f} | {row['p99_ms']:.0f} |"
        )
    return "\n".join(lines)


def model_result(
    users: list[Callable],
    hello_users: list[Callable],
    seconds: float,
    session: int,
    think: tuple[float, float],
) -> dict[str, object]:
    """The mix, then hello-world, under one load model."""
    load_before = os.getloadavg()
    mix, mix_elapsed, mix_cpu = measured(users, seconds, session, think)
    hello, hello_elapsed, hello_cpu = measured(hello_users, seconds, session, think)
    load_after = os.getloadavg()
    pages = summary(mix, mix_elapsed) | summary(hello, hello_elapsed)
    mix_times = [x for t in mix.times.values() for x in t]
    mix_requests = len(mix_times)
    pages["（混合合计）"] = {
        "requests": mix_requests,
        "errors": sum(len(e) for e in mix.errors.values()),
        "per_second": mix_requests / mix_elapsed,
        **{
            k: percentile(mix_times, q) * 1000
            for k, q in (("p50_ms", 0.5), ("p95_ms", 0.95), ("p99_ms", 0.99))
        },
        "mean_ms": statistics.fmean(mix_times) * 1000,
    }
    hello_requests = len(hello.times["hello-world"])
    return {
        "think_seconds": list(think),
        "load_before": load_before,
        "load_after": load_after,
        "cpu": {
            "mix_cpu_seconds": mix_cpu,
            "mix_cpu_ms_per_request": 1000 * mix_cpu / max(1, mix_requests),
            "hello_cpu_seconds": hello_cpu,
            "hello_cpu_ms_per_request": 1000 * hello_cpu / max(1, hello_requests),
        },
        "pages": pages,
        "errors": {k: v[:5] for k, v in (mix.errors | hello.errors).items()},
    }


def report(name: str, result: dict) -> None:
    pages, cpu = result["pages"], result["cpu"]
    lo, hi = result["think_seconds"]
    print(f"\n## {name}" + (f"（每次点击前思考 {lo:g}～{hi:g} 秒）" if hi else "（不思考）"))
    print(table(pages))
    mix, hello = pages["（混合合计）"], pages["hello-world"]
    print(f"混合吞吐 / hello-world 吞吐 = {mix['per_second'] / hello['per_second']:.0%}")
    print(
        f"网站进程 CPU：混合 {cpu['mix_cpu_ms_per_request']:.1f} ms/次，"
        f"hello-world {cpu['hello_cpu_ms_per_request']:.2f} ms/次"
        f"（不含 PostgreSQL 服务器）；负载 {result['load_before'][0]:.2f} → "
        f"{result['load_after'][0]:.2f}"
    )
    for page, errors in result["errors"].items():
        print(f"错误 {page}: {len(errors)}，例如 {errors[0][:300]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    parser.add_argument(
        "--threads", type=int, default=1, help="threads per worker (more than 1: gthread)"
    )
    parser.add_argument("--database", default="pingxuan_load")
    parser.add_argument("--postgres", default=SERVER)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=(1.0, 3.0),
        metavar=("MIN", "MAX"),
        help="seconds a user thinks between clicks in the second model (0 0: closed loop only)",
    )
    args = parser.parse_args()
    out = ROOT / "var" / "load"
    models = {"closed": (0.0, 0.0)}
    if args.think[1] > 0:
        models["think"] = (args.think[0], args.think[1])
    results: dict[str, dict] = {}
    stack_of = Stack(
        args.database, apps=1, workers=args.workers, var_dir=out / "var", threads=args.threads
    )
    with stack_of as stack:
        stack.prepare(args.postgres)
        seeded = subprocess.run(
            [sys.executable, "-m", "bench.load.seed", SLUG],
            env=stack.env(),
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
            timeout=600,
        )
        editable = json.loads(seeded.stdout)
        (base,) = stack.start(out / "logs", debug=False)
        stack.start_worker(out / "logs", debug=False)  # the production stack has its worker
        reviewers = max(1, args.users // 5)
        users = [reviewer_user(base, i) for i in range(reviewers)]
        for i in range(args.users - reviewers):
            name = CLERKS[i % len(CLERKS)]
            users.append(clerk_user(base, name, editable[name], seed=i))
        hello_users = [hello_user(base) for _ in range(args.users)]
        session = stack.processes[0].pid  # started with start_new_session: its own session id
        for name, think in models.items():
            results[name] = model_result(users, hello_users, args.seconds, session, think)
    out.mkdir(parents=True, exist_ok=True)
    document = {
        "users": args.users,
        "seconds": args.seconds,
        "workers": args.workers,
        "threads": args.threads,
        "models": results,
    }
    (out / "result.json").write_text(json.dumps(document, ensure_ascii=False, indent=2))
    for name, result in results.items():
        report({"closed": "闭环", "think": "有思考时间"}[name], result)


if __name__ == "__main__":
    main()
