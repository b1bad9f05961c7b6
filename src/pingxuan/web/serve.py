"""Run the site's processes together: the web server and the background worker
(``manage.py db_worker``), stopped together when either stops, on Ctrl+C or on SIGTERM.

    python -m pingxuan.web.serve dev          # `make run`: runserver on 127.0.0.1:8000
    python -m pingxuan.web.serve production   # `make serve`: gunicorn, for a real deployment

The local run (``dev``) answers like the real site: PINGXUAN_DEBUG=false unless the environment
says otherwise, so a refused or missing page is the site's Chinese 403/404/500 page and never
Django's English debug page with its settings and URL list (which anyone on the network would see);
static files are collected (hashed, as in production) and served by WhiteNoise. A developer who
wants the debug pages sets PINGXUAN_DEBUG=true.

A supervisor (systemd, a container runtime) may just as well run the two commands it prints as
two services; this module is for one machine without one.
"""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

MANAGE = [sys.executable, "-m", "pingxuan.web.manage"]
GRACE = 15.0  # seconds a process gets to finish its request or job before it is killed
# Gunicorn's access log without the query string (%(U)s is the path alone): query parameters may
# carry a name someone searched for, and the site's logs never hold personal data.
ACCESS_LOG_FORMAT = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'


def commands(mode: str, bind: str, workers: int, threads: int = 1) -> dict[str, list[str]]:
    """The two processes of ``mode``: the web server and the worker. More than one thread a
    process is gunicorn's gthread worker: the threads of a process share its cached evaluation
    and fragments, so a write is caught up with once a process rather than once a thread
    (docs/performance.md, 第三轮)."""
    if mode == "dev":
        web = [*MANAGE, "runserver", bind]
        worker = [*MANAGE, "db_worker"]  # reloads on code changes, as runserver does
    else:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        web = [
            *(gunicorn, "pingxuan.web.wsgi:application", "--bind", bind),
            *("--workers", str(workers), "--threads", str(threads), "--timeout", "60"),
            *("--access-logfile", "-", "--access-logformat", ACCESS_LOG_FORMAT),
        ]
        worker = [*MANAGE, "db_worker", "--no-reload"]
    return {"web": web, "worker": worker}


def environment(mode: str, base: dict[str, str]) -> dict[str, str]:
    """The environment of the processes. ``dev`` turns the debug pages off unless ``base`` sets
    PINGXUAN_DEBUG itself, with a key of this run when none is set (sessions end when the run ends,
    which a local demonstration can live with)."""
    env = dict(base)
    if mode == "dev" and "PINGXUAN_DEBUG" not in env:
        env["PINGXUAN_DEBUG"] = "false"
        env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    return env


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + GRACE
    for process in processes.values():
        try:
            process.wait(max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def run(mode: str, bind: str, workers: int, threads: int = 1) -> int:
    stopping = False

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    env = environment(mode, dict(os.environ))
    if mode == "dev":
        # Hashed names and their manifest, as the settings of this environment ask for.
        collect = [*MANAGE, "collectstatic", "--noinput", "--verbosity", "0"]
        if subprocess.run(collect, env=env, check=False).returncode:
            print("静态文件收集失败，网站没有启动。", file=sys.stderr)
            return 1
    try:
        for name, command in commands(mode, bind, workers, threads).items():
            processes[name] = subprocess.Popen(command, env=env)
        while not stopping and all(p.poll() is None for p in processes.values()):
            time.sleep(0.5)
        ended = [name for name, p in processes.items() if p.poll() is not None]
        if ended and not stopping:
            print(f"进程 {ended[0]} 已退出，正在停止其余进程。", file=sys.stderr)
    finally:
        _stop(processes)
    web = processes.get("web")
    return 0 if stopping or web is None else (web.returncode or 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pingxuan.web.serve", description=__doc__)
    parser.add_argument("mode", choices=("dev", "production"))
    parser.add_argument("--bind", default="127.0.0.1:8000", help="地址:端口（默认 127.0.0.1:8000）")
    parser.add_argument(
        "--workers",
        type=int,
        default=int(os.environ.get("PINGXUAN_WEB_WORKERS", "3")),
        help="gunicorn 进程数（默认 3，或环境变量 PINGXUAN_WEB_WORKERS）",
    )
    parser.add_argument(
        "--threads",
        type=int,
        default=int(os.environ.get("PINGXUAN_WEB_THREADS", "4")),
        help="每个 gunicorn 进程的线程数（默认 4，或 PINGXUAN_WEB_THREADS；1：同步 worker）",
    )
    args = parser.parse_args(argv)
    return run(args.mode, args.bind, args.workers, args.threads)


if __name__ == "__main__":
    sys.exit(main())
