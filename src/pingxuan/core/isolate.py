"""Run a function over an untrusted file in a child process with a memory cap and a time limit.

The web server reads uploaded workbooks this way: ``xlsx_guard`` refuses every hostile file we
know of, and whatever it might miss makes calamine run out of the child's memory (Rust aborts the
process) or time, not the site's. The child is a fresh interpreter (``python -m
pingxuan.core.isolate``), not a fork: the server's threads, locks and database connections are
not copied into it, and unlike multiprocessing's 'spawn' it never re-runs the server's main
script. It sets its own memory cap before reading anything; the function, its arguments, what it
reports and what it returns travel as length-prefixed pickles over its stdin and stdout.
"""

from __future__ import annotations

import os
import pickle
import resource
import selectors
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import IO, Any

MEMORY_LIMIT = 1 << 30  # address space of the child, in bytes
TIMEOUT = 25.0  # seconds, start-up included: an upload is answered within 30 s
_LENGTH = 8


class IsolationFailed(Exception):
    """The child did not finish: ``reason`` is "memory", "timeout" or "crash"; ``message`` is a
    Chinese clause for the user ("读取超过 25 秒仍未完成")."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(reason, message)
        self.reason = reason
        self.message = message


def run_isolated(
    function: Callable[..., Any],
    *args: object,
    on_report: Callable[[Any], None] | None = None,
    memory: int = MEMORY_LIMIT,
    timeout: float = TIMEOUT,
) -> Any:
    """``function(*args)`` in a child process; returns what it returns and raises what it raises
    (both must pickle; ``function`` must be importable by name). With ``on_report`` the function
    is also given ``report=``: each object it reports reaches ``on_report`` here while it runs.
    Raises ``IsolationFailed`` when the child runs out of memory or time, or dies."""
    deadline = time.monotonic() + timeout
    job = pickle.dumps((function, args, on_report is not None))
    child = subprocess.Popen(
        [sys.executable, "-m", "pingxuan.core.isolate", str(memory)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        try:
            child.stdin.write(len(job).to_bytes(_LENGTH, "big") + job)
            child.stdin.close()
        except BrokenPipeError:
            pass  # it died before reading: its stdout ends, and that is reported below
        for kind, payload in _messages(child.stdout, deadline, timeout):
            if kind == "report" and on_report is not None:
                on_report(payload)
            elif kind == "done":
                return payload
            elif kind == "raised":
                raise payload
            elif kind == "memory":
                raise IsolationFailed("memory", f"读取所需内存超过 {memory >> 20} MB 的上限")
        # Rust aborts on a failed allocation: under the cap that is the usual way to die.
        raise IsolationFailed("crash", f"读取进程异常退出（可能超过 {memory >> 20} MB 的内存上限）")
    finally:
        if child.poll() is None:
            child.kill()
        child.wait()
        child.stdout.close()


def _messages(stream: IO[bytes], deadline: float, timeout: float) -> Iterator[tuple[str, Any]]:
    """The child's messages as they come; ends at its EOF, raises at the deadline."""
    buffer = bytearray()
    with selectors.DefaultSelector() as selector:
        selector.register(stream, selectors.EVENT_READ)
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not selector.select(left):
                raise IsolationFailed("timeout", f"读取超过 {timeout:g} 秒仍未完成")
            chunk = os.read(stream.fileno(), 1 << 20)
            if not chunk:
                return
            buffer += chunk
            while len(buffer) >= _LENGTH:
                size = int.from_bytes(buffer[:_LENGTH], "big")
                if len(buffer) < _LENGTH + size:
                    break
                message = pickle.loads(bytes(buffer[_LENGTH : _LENGTH + size]))
                del buffer[: _LENGTH + size]
                yield message


def _child(memory: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    out = sys.stdout.buffer
    sys.stdout = sys.stderr  # a stray print must not corrupt the messages

    def send(kind: str, payload: object) -> None:
        data = pickle.dumps((kind, payload))
        out.write(len(data).to_bytes(_LENGTH, "big") + data)
        out.flush()

    source = sys.stdin.buffer
    size = int.from_bytes(source.read(_LENGTH), "big")
    function, args, reports = pickle.loads(source.read(size))
    try:
        if reports:
            result = function(*args, report=lambda item: send("report", item))
        else:
            result = function(*args)
        send("done", result)
    except MemoryError:
        send("memory", None)
    except Exception as exc:  # handed to the caller, who knows which ones it expects
        try:
            send("raised", exc)
        except Exception:  # an exception that does not pickle
            send("raised", RuntimeError(f"{type(exc).__name__}: {exc}"))


if __name__ == "__main__":
    _child(int(sys.argv[1]))
