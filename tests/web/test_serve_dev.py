"""`make run`'s server (``python -m pingxuan.web.serve dev``) answers like the real site: a missing
page is the Chinese 404 page, not Django's English debug page with the URL list, and the page's
stylesheet is still served."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from bench.load.stack import free_port

from pingxuan.web.serve import environment

MANAGE = [sys.executable, "-m", "pingxuan.web.manage"]


def _get(url: str) -> tuple[int, str, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read().decode()
    except urllib.error.HTTPError as refusal:
        return refusal.code, refusal.headers.get("Content-Type", ""), refusal.read().decode()


def test_dev_environment_turns_debug_pages_off_unless_asked() -> None:
    env = environment("dev", {"PATH": "/usr/bin"})
    assert (env["PINGXUAN_DEBUG"], len(env["SECRET_KEY"]) >= 50) == ("false", True)
    assert environment("dev", {"PINGXUAN_DEBUG": "true"}) == {"PINGXUAN_DEBUG": "true"}
    assert environment("production", {}) == {}


def test_dev_server_shows_the_chinese_404_page_and_serves_static_files(tmp_path: Path) -> None:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "PINGXUAN_DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
    }
    env["PINGXUAN_VAR_DIR"] = str(tmp_path)
    subprocess.run([*MANAGE, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = (tmp_path / "serve.log").open("wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "pingxuan.web.serve", "dev", "--bind", f"127.0.0.1:{port}"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, _, home = _get(f"{base}/")
                break
            except OSError:
                assert server.poll() is None, (tmp_path / "serve.log").read_text()
                assert time.monotonic() < deadline, "the server did not start in 60 s"
                time.sleep(0.5)
        for path in ("/no-such-page/", "/campaigns/no-such-campaign/"):
            status, _, page = _get(base + path)
            assert status == 404
            assert "找不到页面" in page and "页面不存在，或者您的账号不能查看它" in page
            assert "URLconf" not in page and "DEBUG = True" not in page
        stylesheet = re.search(r'href="(/static/pingxuan/site\.[0-9a-f]+\.css)"', home)
        assert stylesheet is not None, home[:400]
        status, kind, _ = _get(base + stylesheet.group(1))
        assert (status, kind.split(";")[0]) == (200, "text/css")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        log.close()
