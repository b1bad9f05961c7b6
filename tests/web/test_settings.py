from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

from pingxuan.web.settings import envbool, envlist, envstr


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_envbool_reads_true_and_false(monkeypatch, value: str, expected: bool) -> None:
    monkeypatch.setenv("PINGXUAN_TEST_FLAG", value)

    assert envbool("PINGXUAN_TEST_FLAG", default=not expected) is expected


def test_envbool_unset_is_the_default(monkeypatch) -> None:
    monkeypatch.delenv("PINGXUAN_TEST_FLAG", raising=False)

    assert envbool("PINGXUAN_TEST_FLAG", default=True) is True


@pytest.mark.parametrize("value", ["True", "1", "yes", "", "true "])
def test_envbool_refuses_anything_else(monkeypatch, value: str) -> None:
    monkeypatch.setenv("PINGXUAN_TEST_FLAG", value)

    with pytest.raises(ImproperlyConfigured, match="PINGXUAN_TEST_FLAG"):
        envbool("PINGXUAN_TEST_FLAG", default=True)


def test_envstr_refuses_an_empty_value(monkeypatch) -> None:
    monkeypatch.setenv("PINGXUAN_TEST_TEXT", " ")

    with pytest.raises(ImproperlyConfigured, match="PINGXUAN_TEST_TEXT"):
        envstr("PINGXUAN_TEST_TEXT")


def test_envlist_splits_on_commas(monkeypatch) -> None:
    monkeypatch.setenv("PINGXUAN_TEST_LIST", "a.example.cn, b.example.cn")

    assert envlist("PINGXUAN_TEST_LIST") == ["a.example.cn", "b.example.cn"]


def test_envlist_unset_is_empty(monkeypatch) -> None:
    monkeypatch.delenv("PINGXUAN_TEST_LIST", raising=False)

    assert envlist("PINGXUAN_TEST_LIST") == []


@pytest.mark.parametrize("value", ["a.example.cn,,b.example.cn", "a.example.cn,", "a b", " "])
def test_envlist_refuses_blanks(monkeypatch, value: str) -> None:
    monkeypatch.setenv("PINGXUAN_TEST_LIST", value)

    with pytest.raises(ImproperlyConfigured, match="PINGXUAN_TEST_LIST"):
        envlist("PINGXUAN_TEST_LIST")


# The production environment that README.md documents (SECRET_KEY is made up per run).
PRODUCTION = {
    "PINGXUAN_DEBUG": "false",
    "PINGXUAN_ALLOWED_HOSTS": "pingxuan.example.gov.cn",
    "PINGXUAN_HTTPS": "true",
}
DEPLOY_CHECK = ("-m", "pingxuan.web.manage", "check", "--deploy", "--fail-level", "WARNING")


def run_python(
    tmp_path: Path, *args: str, **environment: str | None
) -> subprocess.CompletedProcess[str]:
    """Python in a fresh process whose site settings come only from ``environment``
    (``None`` leaves a variable unset): the settings module is read once per process."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("PINGXUAN_") and name not in ("DATABASE_URL", "SECRET_KEY")
    }
    env |= {"DJANGO_SETTINGS_MODULE": "pingxuan.web.settings", "PINGXUAN_VAR_DIR": str(tmp_path)}
    env |= {name: value for name, value in environment.items() if value is not None}
    return subprocess.run(
        [sys.executable, *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_deploy_check_is_clean_with_the_production_settings(tmp_path: Path) -> None:
    result = run_python(tmp_path, *DEPLOY_CHECK, **PRODUCTION, SECRET_KEY=get_random_secret_key())

    assert result.returncode == 0, result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_deploy_check_fails_without_https(tmp_path: Path) -> None:
    result = run_python(
        tmp_path,
        *DEPLOY_CHECK,
        **PRODUCTION | {"PINGXUAN_HTTPS": None},
        SECRET_KEY=get_random_secret_key(),
    )

    assert result.returncode == 1
    assert "security.W008" in result.stderr
    assert "security.W012" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    result = run_python(tmp_path, *DEPLOY_CHECK, **PRODUCTION)

    assert result.returncode == 1
    assert "必须设置环境变量 SECRET_KEY" in result.stderr


def test_allowed_hosts_add_to_the_local_ones(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(*settings.ALLOWED_HOSTS)"

    result = run_python(tmp_path, "-c", code, PINGXUAN_ALLOWED_HOSTS="a.example.cn,b.example.cn")

    assert result.stdout.split() == [
        "127.0.0.1",
        "localhost",
        "testserver",
        "a.example.cn",
        "b.example.cn",
    ]


def test_readme_documents_the_production_settings_checked_here() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")

    for name, value in PRODUCTION.items():
        assert f"export {name}={value}" in readme
