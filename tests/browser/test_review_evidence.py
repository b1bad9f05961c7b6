"""初审 with the evidence in view (issue 14, 2): the reviewer opens a unit, sees each nominee's
data with thumbnails of its scans, opens the viewer and pages through the unit's scans with the
nominee's data beside each, zooms, and closes it with Esc."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.materials.domain import upload
from pingxuan.web.nominations.models import Nomination
from tests.browser.helpers import (
    PASSWORD,
    SCREENSHOTS,
    chromium,
    only_local,
    sign_in,
    wait_until,
)
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit
from tests.web.personas import make_persona

SCANS = ["简表", "所在单位职代会决议", "所在单位公示证明"]


@pytest.mark.browser
def test_reviewer_pages_through_a_units_scans(live_server, settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    make_persona(campaign, "reviewer", password=PASSWORD)
    unit = filled_unit(campaign, clerk)
    people = list(Nomination.objects.filter(unit=unit, subject="person").order_by("seq")[:2])
    for person in people:
        for requirement in SCANS:
            upload(
                campaign,
                unit,
                requirement=requirement,
                nomination=person,
                data=io.BytesIO(encode(picture((600, 850)), "JPEG")),
                filename=f"{requirement}.jpg",
                title="",
                actor=clerk,
                role="clerk",
            )
    base = live_server.url
    url = reverse("office:review_unit", args=[campaign.slug, unit.pk])
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "reviewer", requested)
        expect(page.get_by_role("heading", level=1)).to_have_text("工作台")  # what waits
        page.screenshot(path=str(SCREENSHOTS / "office-landing.png"), full_page=True)
        page.goto(f"{base}/office/{campaign.slug}/review/?show=unsubmitted")
        expect(page.locator("a.filter-active")).to_contain_text("未报送")
        page.screenshot(path=str(SCREENSHOTS / "review-units-filtered.png"), full_page=True)
        page.goto(base + url)
        first = page.locator(f"#nomination-{people[0].pk}")
        expect(first.locator(".review-data dt", has_text="工作单位")).to_be_visible()
        thumbs = page.locator("a.evidence-thumb")
        expect(thumbs).to_have_count(6)
        first.locator("img").first.scroll_into_view_if_needed()
        wait_until(
            page,
            f"() => {{ const i = document.querySelector('#nomination-{people[0].pk} img');"
            " return i && i.complete && i.naturalWidth > 0; }",
        )
        page.screenshot(path=str(SCREENSHOTS / "review-unit-evidence.png"), full_page=True)

        first.locator("a.evidence-thumb").first.click()
        viewer = page.locator("dialog.viewer")
        expect(viewer).to_be_visible()
        expect(viewer.locator(".viewer-counter")).to_have_text("1 / 6")
        expect(viewer.locator(".viewer-facts")).to_contain_text(people[0].display_name)
        page.screenshot(path=str(SCREENSHOTS / "review-viewer.png"))
        for _ in range(3):
            page.keyboard.press("ArrowRight")
        expect(viewer.locator(".viewer-counter")).to_have_text("4 / 6")
        expect(viewer.locator(".viewer-caption")).to_contain_text(people[1].display_name)
        expect(viewer.locator(".viewer-facts")).to_contain_text(people[1].display_name)
        viewer.get_by_role("button", name="放大").click()
        assert viewer.locator(".viewer-stage img").evaluate("i => i.style.width") == "150%"
        page.screenshot(path=str(SCREENSHOTS / "review-viewer-zoomed.png"))
        viewer.get_by_role("button", name="上一张").click()
        expect(viewer.locator(".viewer-counter")).to_have_text("3 / 6")
        page.keyboard.press("Escape")
        expect(viewer).to_be_hidden()

    assert only_local(requested) == []


@pytest.mark.django_db
def test_a_thumbnail_is_a_small_jpeg_and_a_foreign_one_is_not_found(settings, tmp_path) -> None:
    from PIL import Image

    from tests.web.personas import signed_in

    settings.MEDIA_ROOT = tmp_path
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a")
    unit = filled_unit(campaign, clerk)
    material = upload(
        campaign,
        unit,
        requirement="推荐评选领导机构名单",
        nomination=None,
        data=io.BytesIO(encode(picture((800, 1200)), "JPEG")),
        filename="名单.jpg",
        title="",
        actor=clerk,
        role="clerk",
    )
    reviewer = signed_in(make_persona(campaign, "reviewer"))
    url = reverse("office:review_material", args=[campaign.slug, material.pk])

    small = reviewer.get(url, {"size": "thumb"})
    full = reviewer.get(url)

    assert small["Content-Type"] == "image/jpeg"
    assert max(Image.open(io.BytesIO(small.content)).size) <= 240
    assert len(small.content) < len(b"".join(full.streaming_content)) / 3
    other = reverse("office:review_material", args=[campaign.slug, material.pk + 1000])
    assert reviewer.get(other, {"size": "thumb"}).status_code == 404
