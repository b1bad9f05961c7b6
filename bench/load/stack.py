"""The production stack on 127.0.0.1 for the multi-process test and the load test: a fresh
PostgreSQL database, migrated and loaded with the 2024 campaign and the demo accounts, served by
gunicorn application processes on their own ports, and the background worker
(``manage.py db_worker``) as a process of its own. Every process started here is stopped by
``Stack.close`` (a context manager), whatever happened."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

import psycopg

ROOT = Path(__file__).resolve().parents[2]
CAMPAIGN = ROOT / "campaigns" / "zhengzhou-2024.toml"
SERVER = "postgres://postgres@127.0.0.1:5432"
STARTUP = 30.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fresh_database(server: str, name: str) -> str:
    """Drop and create ``name`` on ``server``; its URL."""
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{server}/{name}"


def postgres_reachable(server: str = SERVER) -> bool:
    try:
        with psycopg.connect(f"{server}/postgres", connect_timeout=3):
            return True
    except psycopg.Error:
        return False


class Stack:
    """``apps`` gunicorn processes (``workers`` each, ``threads`` in each worker: more than one
    is gunicorn's gthread worker) on one fresh database."""

    def __init__(
        self,
        database: str,
        apps: int = 2,
        workers: int = 1,
        var_dir: Path | None = None,
        threads: int = 1,
    ) -> None:
        self.database = database
        self.apps = apps
        self.workers = workers
        self.threads = threads
        self.var_dir = var_dir
        self.url = ""
        self.secret = secrets.token_urlsafe(50)
        self.processes: list[subprocess.Popen[bytes]] = []
        self.ports: list[int] = []
        self.logs: list[Path] = []
        self.handles: list[IO[bytes]] = []

    def env(self, debug: bool = True) -> dict[str, str]:
        """The processes' environment; ``debug=False`` serves as in production (no query log,
        no debug pages), which the demo accounts of ``seed_demo`` cannot be created in."""
        env = dict(os.environ)
        env.update(
            DATABASE_URL=self.url,
            DJANGO_SETTINGS_MODULE="pingxuan.web.settings",
            # seed_demo creates its published passwords only in a local run.
            PINGXUAN_DEBUG="true" if debug else "false",
            PYTHONUNBUFFERED="1",
        )
        if not debug:
            env["SECRET_KEY"] = self.secret  # one key: every process reads the same sessions
        if self.var_dir is not None:  # uploads are shared by every process, as on one server
            env["PINGXUAN_VAR_DIR"] = str(self.var_dir)
        return env

    def manage(self, *args: str, debug: bool = True) -> None:
        subprocess.run(
            [sys.executable, "-m", "pingxuan.web.manage", *args],
            env=self.env(debug),
            cwd=ROOT,
            check=True,
            stdout=subprocess.DEVNULL,
            timeout=120,
        )

    def prepare(self, server: str = SERVER) -> None:
        self.url = fresh_database(server, self.database)
        self.manage("migrate", "--noinput")
        self.manage("load_campaign", str(CAMPAIGN))
        self.manage("seed_demo")
        # With PINGXUAN_DEBUG=false pages name the collected, hashed static files.
        self.manage("collectstatic", "--noinput", "--verbosity", "0", debug=False)

    def start(self, log_dir: Path, debug: bool = True) -> list[str]:
        """Start the application processes; their base URLs once each answers."""
        log_dir.mkdir(parents=True, exist_ok=True)
        gunicorn = Path(sys.executable).with_name("gunicorn")
        env = self.env(debug)
        for index in range(self.apps):
            port = free_port()
            log = log_dir / f"app-{index}.log"
            self.ports.append(port)
            self.logs.append(log)
            self.processes.append(
                subprocess.Popen(
                    [
                        str(gunicorn),
                        "pingxuan.web.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(self.workers),
                        "--threads",
                        str(self.threads),
                        "--timeout",
                        "60",
                        "--error-logfile",
                        str(log),
                    ],
                    env=env,
                    cwd=ROOT,
                    stdout=self._log(log),
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            )
        for port, process in zip(self.ports, self.processes, strict=True):
            self._wait(port, process)
        return [f"http://127.0.0.1:{port}" for port in self.ports]

    def start_worker(self, log_dir: Path, debug: bool = True) -> None:
        """Start the background worker, as `make serve` does next to gunicorn."""
        log_dir.mkdir(parents=True, exist_ok=True)
        log = log_dir / "worker.log"
        self.logs.append(log)
        self.processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "pingxuan.web.manage",
                    "db_worker",
                    "--no-reload",
                    "--interval",
                    "0.2",
                ],
                env=self.env(debug),
                cwd=ROOT,
                stdout=self._log(log),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )

    def _log(self, path: Path) -> IO[bytes]:
        handle = path.open("ab")
        self.handles.append(handle)
        return handle

    def _wait(self, port: int, process: subprocess.Popen[bytes]) -> None:
        deadline = time.monotonic() + STARTUP
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {port} exited: {process.returncode}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {port} did not answer in {STARTUP} s")

    def close(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)
        self.processes.clear()
        for handle in self.handles:
            handle.close()
        self.handles.clear()

    def __enter__(self) -> Stack:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()


def tail(paths: Sequence[Path], lines: int = 40) -> str:
    """The end of each log, for a failure message."""
    parts = []
    for path in paths:
        if path.exists():
            parts.append(f"== {path.name}\n" + "\n".join(path.read_text().splitlines()[-lines:]))
    return "\n".join(parts)
