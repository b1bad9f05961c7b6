from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from pingxuan.web.settings import envbool, envstr


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
