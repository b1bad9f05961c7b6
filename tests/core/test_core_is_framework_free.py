"""The core never imports Django: it must run in the CLI, the optimiser and the benchmarks alone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pingxuan.core

CORE_DIR = Path(pingxuan.core.__file__).resolve().parent

# Run in a fresh interpreter: this test process has Django loaded by pytest-django already.
PROBE = """
import importlib, json, sys
for name in sys.argv[1:]:
    importlib.import_module(name)
print(json.dumps(sorted(m for m in sys.modules if m == "django" or m.startswith("django."))))
"""


def core_modules() -> list[str]:
    # Walk the files, not pkgutil: a folder without __init__.py is skipped by pkgutil.walk_packages.
    names = []
    for path in sorted(CORE_DIR.rglob("*.py")):
        parts = path.relative_to(CORE_DIR.parent.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_core_modules_import_without_django() -> None:
    modules = core_modules()
    assert "pingxuan.core.spec.loader" in modules

    result = subprocess.run(
        [sys.executable, "-c", PROBE, *modules], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
