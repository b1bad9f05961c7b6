"""Two gunicorn processes on one PostgreSQL database serve the same campaign (issue 12, 4): a
session opened on one is honoured by the other, a save or an upload on one is seen on the other, two
clerks saving the last place at the same moment through different processes never exceed the
quota (the campaign row lock of nominations.domain.edit, across processes), and a workbook
import queued on one is read and saved by the separate worker process and seen on the other.

Run with ``make test-ops`` or ``.venv/bin/python -m pytest -m ops tests/ops``; it needs the local
PostgreSQL server (PINGXUAN_OPS_POSTGRES, default postgres://postgres@127.0.0.1:5432) and creates
its own database (PINGXUAN_OPS_DATABASE, default ``pingxuan_ops``, the xdist worker's name
appended); it is skipped when the server is unreachable."""

from __future__ import annotations

import io
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from bench.load.client import TOKEN, Answer, Browser
from bench.load.stack import (
    CAMPAIGN,
    ROOT,
    SERVER,
    Stack,
    free_port,
    postgres_reachable,
    tail,
)
from PIL import Image

from pingxuan.core.columns import COMPREHENSIVE
from pingxuan.core.spec.loader import load_spec
from tests.factories.campaign import Generator, write_workbook
from tests.web.portal.form_data import post_of

pytestmark = pytest.mark.ops

SLUG = "zhengzhou-2024"
POSTGRES = os.environ.get("PINGXUAN_OPS_POSTGRES", SERVER)
# One database per xdist worker: a worker that gets these tests starts its own stack.
DATABASE = os.environ.get("PINGXUAN_OPS_DATABASE", "pingxuan_ops") + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
PHONE = "13812345678"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUOTA = re.compile(r"名额(\d+)个已全部占用")


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stack, list[str]]]:
    if not postgres_reachable(POSTGRES):
        pytest.skip(f"PostgreSQL unreachable at {POSTGRES}")
    var_dir = tmp_path_factory.mktemp("var")
    with Stack(DATABASE, apps=2, workers=2, var_dir=var_dir) as running:
        running.prepare(POSTGRES)
        bases = running.start(var_dir / "logs")
        running.start_worker(var_dir / "logs")
        yield running, bases
        failures = [line for log in running.logs for line in _errors(log)]
        assert not failures, tail(running.logs)


def _errors(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines() if "Traceback" in line]


@pytest.fixture(scope="module")
def generator() -> Generator:
    return Generator(load_spec(CAMPAIGN), seed=12)


def person(generator: Generator, unit: str) -> dict[str, str]:
    return generator.person(unit, {"身份类别": "一线产业工人"})


def clerk(base: str, username: str) -> Browser:
    browser = Browser()
    browser.login(base, username, f"demo-{username}")
    return browser


def test_a_session_opened_on_one_process_works_on_the_other(
    stack: tuple[Stack, list[str]],
) -> None:
    _, (a, b) = stack
    browser = clerk(a, "hkg-jingban")
    page = browser.get(f"{b}/portal/{SLUG}/")
    assert page.status == 200
    assert "航空港经济综合试验区" in page.text
    # And the logout on B ends it on A.
    assert browser.post(f"{b}/accounts/logout/", {}, form_url=f"{b}/portal/{SLUG}/").status == 302
    assert browser.get(f"{a}/portal/{SLUG}/").status == 302


def test_a_save_on_one_process_is_seen_on_the_other(
    stack: tuple[Stack, list[str]], generator: Generator
) -> None:
    _, (a, b) = stack
    row = person(generator, "航空港经济综合试验区")
    on_a = clerk(a, "hkg-jingban")
    saved = on_a.post(f"{a}/portal/{SLUG}/new/person/", post_of("person", row, 联系电话=PHONE))
    assert saved.status == 302, saved.text[-2000:]
    on_b = Browser(on_a.jar)
    assert row["姓名"] in on_b.get(f"{b}/portal/{SLUG}/").text


def race(browsers: list[Browser], bases: list[str], rows: list[dict[str, str]]) -> list[Answer]:
    """Each browser posts its row to its process, the two requests released together."""
    barrier = threading.Barrier(len(rows), timeout=30)
    outcomes: list[Answer] = [Answer(0, "", "")] * len(rows)

    def submit(index: int) -> None:
        browser, url = browsers[index], f"{bases[index]}/portal/{SLUG}/new/person/"
        token = TOKEN.search(browser.get(url).text)  # the token first, then the race
        assert token
        data = {**post_of("person", rows[index], 联系电话=PHONE), "csrfmiddlewaretoken": token[1]}
        barrier.wait()
        outcomes[index] = browser.request(url, data, referer=url)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(len(rows))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


def test_two_processes_racing_for_the_last_places_never_exceed_the_quota(
    stack: tuple[Stack, list[str]], generator: Generator
) -> None:
    """Round after round, a clerk on A and a clerk on B submit a new 五一劳动奖章 nominee at
    the same moment, until both are refused: exactly the quota is stored, never one more."""
    running, (a, b) = stack
    unit = "郑东新区"
    browsers = [clerk(a, "zd-jingban"), clerk(b, "zd-jingban")]
    bases = [a, b]
    saved = 0
    quota: int | None = None
    for _round in range(20):
        rows = [person(generator, unit), person(generator, unit)]
        outcomes = race(browsers, bases, rows)
        for status, text in ((o.status, o.text) for o in outcomes):
            assert status in (200, 302), status
            if status == 302:
                saved += 1
            else:
                found = QUOTA.search(text)
                assert found, text[-2000:]
                quota = int(found.group(1))
        if all(o.status == 200 for o in outcomes):
            break
    assert quota is not None, "the quota was never reached"
    assert saved == quota
    with psycopg.connect(running.url) as conn:
        stored = conn.execute(
            "select count(*) from nominations_nomination n"
            " join campaigns_unit u on u.id = n.unit_id"
            " where u.name = %s and n.award = '五一劳动奖章' and n.kind = %s",
            (unit, COMPREHENSIVE),
        ).fetchone()
    assert stored == (quota,)


def test_an_upload_on_one_process_is_served_by_the_other(stack: tuple[Stack, list[str]]) -> None:
    """The unit's 推荐评选领导机构名单 scanned on A: B lists it and serves the stored image."""
    _, (a, b) = stack
    image = Image.new("RGB", (120, 80), (30, 60, 200))
    scan = io.BytesIO()
    image.save(scan, "JPEG")
    on_a = clerk(a, "wjw-jingban")
    sent = on_a.upload(
        f"{a}/portal/{SLUG}/materials/",
        {"requirement": "推荐评选领导机构名单", "title": ""},
        {"file": ("名单.jpg", scan.getvalue(), "image/jpeg")},
    )
    assert sent.status == 302, sent.text[-2000:]
    on_b = Browser(on_a.jar)
    listed = re.search(
        rf"/portal/{SLUG}/materials/(\d+)/image\.jpg",
        on_b.get(f"{b}/portal/{SLUG}/materials/").text,
    )
    assert listed, "the material is not listed on B"
    served = on_b.get(f"{b}{listed[0]}")
    assert served.status == 200
    assert Image.open(io.BytesIO(served.data)).size == (120, 80)


def _wait_for(browser: Browser, status_url: str, seconds: float = 90) -> dict[str, object]:
    """The job's status once the worker has left it (no longer queued or running)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = json.loads(browser.get(status_url).text)
        if not status["active"]:
            return dict(status)
        time.sleep(0.3)
    raise AssertionError(f"the worker did not finish the job in {seconds} s")


def test_an_import_queued_on_one_process_is_done_by_the_worker_and_seen_on_the_other(
    stack: tuple[Stack, list[str]], generator: Generator, tmp_path: Path
) -> None:
    """A clerk uploads a workbook on A: the worker process reads it, B shows the preview and
    takes the confirmation, the worker saves it, A shows the job done and the unit's page lists
    the imported nominees."""
    _, (a, b) = stack
    unit = "市文教卫工会"
    rows = {award: [person(generator, unit) for _ in range(2)] for award in ("五一劳动奖章",)}
    book = write_workbook(tmp_path / "book.xlsx", load_spec(CAMPAIGN), rows).read_bytes()
    on_a = clerk(a, "wjw-jingban")
    sent = on_a.upload(f"{a}/portal/{SLUG}/import/", {}, {"file": ("文教卫.xlsx", book, XLSX)})
    assert sent.status == 302 and "/jobs/" in sent.url, sent.text[-2000:]
    job_path = sent.url.split("://", 1)[1].split("/", 1)[1]
    on_b = Browser(on_a.jar)

    preview = _wait_for(on_b, f"{b}/{job_path}status.json")
    page = on_b.get(f"{b}/{job_path}").text
    assert preview["state"] == "awaiting", page[-2000:]
    assert all(row["姓名"] in page for row in rows["五一劳动奖章"])
    confirmed = on_b.post(f"{b}/{job_path}confirm/", {}, form_url=f"{b}/{job_path}")
    assert confirmed.status == 302, confirmed.text[-2000:]
    done = _wait_for(on_a, f"{a}/{job_path}status.json")

    assert done["state"] == "done", on_a.get(f"{a}/{job_path}").text[-2000:]
    assert "导入完成" in on_a.get(f"{a}/{job_path}").text
    unit_page = on_a.get(f"{a}/portal/{SLUG}/").text
    assert all(row["姓名"] in unit_page for row in rows["五一劳动奖章"])


def test_serve_runs_gunicorn_and_the_worker_and_stops_both(
    stack: tuple[Stack, list[str]], tmp_path: Path
) -> None:
    """`make serve`'s supervisor: the site answers, the worker runs, SIGTERM stops both."""
    running, _ = stack
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    serve = subprocess.Popen(
        [sys.executable, "-m", "pingxuan.web.serve", "production", "--bind", f"127.0.0.1:{port}"],
        env={**running.env(debug=False), "PINGXUAN_WEB_WORKERS": "1"},
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        answer = Answer(0, "", "")
        while time.monotonic() < deadline and answer.status != 200:
            time.sleep(0.5)
            try:
                answer = Browser().get(f"http://127.0.0.1:{port}/accounts/login/")
            except OSError:
                continue
        children = subprocess.run(
            ["pgrep", "-P", str(serve.pid), "-a"], capture_output=True, text=True, check=False
        ).stdout
        serve.send_signal(signal.SIGTERM)
        code = serve.wait(30)
    finally:
        if serve.poll() is None:
            os.killpg(serve.pid, signal.SIGKILL)
        log.close()
    left = subprocess.run(
        ["pgrep", "-g", str(serve.pid)], capture_output=True, text=True, check=False
    ).stdout

    assert answer.status == 200, (tmp_path / "serve.log").read_text()[-2000:]
    assert "gunicorn pingxuan.web.wsgi:application" in children
    assert "db_worker --no-reload" in children
    assert code == 0 and left == ""
