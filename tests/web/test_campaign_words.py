"""What a campaign calls its reviewers and its whole comes from the spec (issue 15): a national
campaign's reviewers are not 市级审核员."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

import pingxuan.web
from pingxuan.web.accounts.models import Membership
from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.campaigns.models import Campaign
from tests.web.personas import make_persona, signed_in


@pytest.fixture
def national(db: None) -> Campaign:
    return load_campaign_file("national-2024")


def test_reviewer_is_named_by_the_campaign_spec(campaign: Campaign, national: Campaign) -> None:
    city = Membership.objects.get(user=make_persona(campaign, "reviewer"))
    nation = Membership(user=city.user, campaign=national, role=city.role)

    assert (city.role_name, nation.role_name) == ("市级审核员", "全国总工会审核员")


def test_administrator_and_office_are_named_by_the_campaign_spec(
    campaign: Campaign, national: Campaign
) -> None:
    city = Membership.objects.get(user=make_persona(campaign, "admin"))
    nation = Membership(user=city.user, campaign=national, role=city.role)

    assert (city.role_name, city.where) == ("市级管理员", "市级")
    assert (nation.role_name, nation.where) == ("全国总工会管理员", "全国总工会")


def test_calendar_page_names_the_national_administrator(national: Campaign) -> None:
    reviewer = make_persona(national, "reviewer")

    page = signed_in(reviewer).get(f"/office/{national.slug}/notices/calendar/").content.decode()

    assert "只有全国总工会管理员可以修改工作日历。" in page
    assert "市级管理员" not in page


def test_office_landing_shows_the_national_reviewer_title(national: Campaign) -> None:
    reviewer = make_persona(national, "reviewer")

    page = signed_in(reviewer).get("/office/").content.decode()

    assert "全国总工会审核员" in page
    assert "市级审核员" not in page


def test_national_office_pages_name_the_national_federation(national: Campaign) -> None:
    reviewer = make_persona(national, "reviewer")

    page = signed_in(reviewer).get(f"/office/{national.slug}/complaints/").content.decode()

    assert 'aria-label="全国总工会办公"' in page
    assert "举报人的姓名和联系方式只限全国总工会工作人员查看" in page
    assert "市总工会" not in page


def test_public_complaint_form_names_the_campaign_federation(national: Campaign) -> None:
    from django.test import Client

    page = Client().get(f"/campaigns/{national.slug}/complaints/new/").content.decode()

    assert "全国总工会对举报人的个人信息严格保密" in page
    assert "市总工会" not in page


def test_import_keeps_a_column_the_spec_declares(db: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Xiamen's 是否企业职工 (spec.columns) is stored from the workbook and read back."""
    from pingxuan.core.spec.loader import load_spec
    from pingxuan.web.campaigns.models import Unit
    from pingxuan.web.nominations.domain.adapt import stored_nominations
    from pingxuan.web.nominations.domain.importing import import_workbook
    from tests.core.test_example_campaigns import compliant_rows
    from tests.factories.campaign import write_workbook

    campaign = load_campaign_file("xiamen-2016")
    spec = load_spec("xiamen-2016")
    unit = Unit.objects.get(campaign=campaign, name="思明区总工会")
    rows = {
        sheet: [row for row in sheet_rows if row["推荐单位"] == unit.name]
        for sheet, sheet_rows in compliant_rows(spec).items()
    }
    path = write_workbook(tmp_path / "思明区.xlsx", spec, rows)

    import_workbook(campaign, unit, path, file_label="思明区.xlsx", actor=None, role="clerk")

    medals = stored_nominations(campaign.pk).filter(award="厦门市五一劳动奖章")
    assert {m.cells.get("是否企业职工") for m in medals} == {"是"}
    assert medals.count() == 12  # 10 places, a 企业负责人 among them and an alternate


def test_nomination_form_asks_for_a_column_the_spec_declares() -> None:
    """The web form has Xiamen's 是否企业职工, in a fieldset of its own, as a 是/否 choice."""
    from pingxuan.core.spec.loader import load_spec
    from pingxuan.web.portal.forms import NominationForm

    spec = load_spec("xiamen-2016")
    form = NominationForm(spec=spec, award=spec.award("厦门市五一劳动奖章"), leaders=[])

    last = form.groups()[-1]
    assert (last.key, [field.name for field in last.fields]) == ("declared", ["是否企业职工"])
    assert [value for value, _ in form.fields["是否企业职工"].choices] == ["", "是", "否"]


# ── no fixed 市总工会 on pages and in messages ──────────────────────────────────────────────

WEB = Path(pingxuan.web.__file__).parent
FIXED = "市总工会"
# Strings that may say 市总工会, each with why. Docstrings and comments are not checked. None
# today: the demo's notices take their publisher from the campaign's spec too.
ALLOWED: set[tuple[str, str]] = set()


def _python_strings(path: Path) -> list[str]:
    """Every string constant of a module except its docstrings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
        and node.body
        and isinstance(node.body[0], ast.Expr)
        and isinstance(node.body[0].value, ast.Constant)
    }
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if id(node) not in docstrings
    ]


def _template_text(path: Path) -> list[str]:
    """A template's lines, without its {# #} comments."""
    return re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8")).splitlines()


def fixed_words() -> list[tuple[str, str]]:
    found = []
    for path in sorted(WEB.rglob("*")):
        where = path.relative_to(WEB).as_posix()
        if path.suffix == ".py":
            texts = _python_strings(path)
        elif path.suffix in (".html", ".txt", ".js"):
            texts = _template_text(path)
        else:
            continue
        found += [(where, text.strip()) for text in texts if FIXED in text]
    return found


def test_no_page_or_message_says_a_fixed_city_federation() -> None:
    """Whom a unit asks is the campaign's federation (``federation_short``): 县总工会 in a county
    round, 全国总工会 nationally. A new fixed 市总工会 fails here; add a true exception to
    ``ALLOWED`` with its reason."""
    assert [found for found in fixed_words() if found not in ALLOWED] == []


def test_the_allowed_exceptions_are_still_there() -> None:
    """An exception no longer needed is taken out of the list, so the list stays short."""
    assert ALLOWED <= set(fixed_words())
