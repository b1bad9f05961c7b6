"""Checkpoints of the audit chain kept outside the database, so that rows cut from the end of the
chain, or every row, are found even when the chain head was cut with them.

A checkpoint is one line ``<seq> <hash of row seq> <HMAC-SHA256 of both>`` appended (O_APPEND)
to ``<AUDIT_DIR>/checkpoints.log``: one after every committed audit row and one by every
successful ``audit verify``. The key is ``PINGXUAN_AUDIT_KEY`` or ``<AUDIT_DIR>/checkpoint.key``,
made on first use with mode 0600. Someone with only database access cannot forge a checkpoint,
and every checkpoint names a row the database must still hold, unchanged.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

logger = logging.getLogger(__name__)

LOG_NAME = "checkpoints.log"
KEY_NAME = "checkpoint.key"


def audit_dir() -> Path:
    return Path(settings.AUDIT_DIR)


def checkpoint_path() -> Path:
    return audit_dir() / LOG_NAME


def _key() -> bytes:
    """The HMAC key: the setting, else the key file, made (0600, never overwritten) on first use."""
    if settings.AUDIT_KEY:
        return str(settings.AUDIT_KEY).encode("utf-8")
    path = audit_dir() / KEY_NAME
    if not path.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process made it first: read theirs
        else:
            with os.fdopen(fd, "w", encoding="ascii") as out:
                out.write(secrets.token_hex(32) + "\n")
    return path.read_text(encoding="ascii").strip().encode("ascii")


def sign(seq: int, head_hash: str, key: bytes | None = None) -> str:
    message = f"{seq}:{head_hash}".encode()
    return hmac.new(key if key is not None else _key(), message, hashlib.sha256).hexdigest()


def append_checkpoint(seq: int, head_hash: str) -> None:
    """Append one signed line. A failure is logged, never raised: the row is already committed,
    and a missing checkpoint only weakens the next verification, it does not break it."""
    try:
        line = f"{seq} {head_hash} {sign(seq, head_hash)}\n".encode("ascii")
        path = checkpoint_path()
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line)  # one write of one short line: appenders never interleave
        finally:
            os.close(fd)
    except OSError as exc:
        logger.error("审计检查点无法写入 %s：%s", settings.AUDIT_DIR, exc.strerror or exc)


@dataclass
class Checkpoints:
    """What the checkpoint file says: the hash of row ``seq`` for every checkpointed ``seq``, and
    the numbers of lines whose signature does not hold (or that do not parse)."""

    hashes: dict[int, str] = field(default_factory=dict)
    bad_lines: list[int] = field(default_factory=list)
    # Two valid lines naming different hashes for one row: the chain was rewritten.
    conflicts: list[int] = field(default_factory=list)

    @property
    def last_seq(self) -> int:
        return max(self.hashes, default=0)


def read_checkpoints() -> Checkpoints:
    found = Checkpoints()
    path = checkpoint_path()
    if not path.exists():
        return found
    key = _key()
    with path.open("rb") as lines:
        for number, raw in enumerate(lines, start=1):
            parts = raw.decode("ascii", errors="replace").split()
            if (
                len(parts) != 3
                or not parts[0].isascii()
                or not parts[0].isdigit()
                or not hmac.compare_digest(sign(int(parts[0]), parts[1], key), parts[2])
            ):
                found.bad_lines.append(number)
                continue
            seq, head_hash = int(parts[0]), parts[1]
            if found.hashes.setdefault(seq, head_hash) != head_hash:
                found.conflicts.append(seq)
    return found
