"""A clerk uploads a folder of 30 scanned JPEGs at once (issue 14, 1): the page counts them, the
upload shows its progress, the result page tells each file's item, and the checklist is full."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from pingxuan.web.campaigns.domain.specs import load_campaign_file
from pingxuan.web.materials.domain import checklist
from pingxuan.web.materials.models import Material
from tests.browser.helpers import PASSWORD, SCREENSHOTS, chromium, only_local, sign_in
from tests.web.helpers import CAMPAIGN_FILE
from tests.web.materials.test_images import encode, picture
from tests.web.opinions.helpers import filled_unit
from tests.web.personas import make_persona


@pytest.mark.browser
def test_a_folder_of_thirty_scans_in_one_go(live_server, settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    campaign = load_campaign_file(CAMPAIGN_FILE)
    clerk = make_persona(campaign, "clerk_a", password=PASSWORD)
    unit = filled_unit(campaign, clerk)
    items = [item for item in checklist(campaign, unit) if item.nomination is not None][:30]
    scans = [
        {
            "name": f"{item.nomination.display_name}-{item.requirement.name}.jpg",
            "mimeType": "image/jpeg",
            "buffer": encode(picture((600, 850)), "JPEG"),
        }
        for item in items
        if item.nomination is not None
    ]
    assert len(scans) == 30
    base, slug = live_server.url, campaign.slug
    requested: list[str] = []

    with chromium() as browser:
        page = sign_in(browser, base, "clerk_a", requested)
        page.goto(f"{base}/portal/{slug}/materials/")
        form = page.locator("form[data-batch]")
        form.locator('input[type="file"]').set_input_files(scans)
        expect(form.locator(".batch-chosen")).to_contain_text("已选择 30 个文件")
        page.screenshot(path=str(SCREENSHOTS / "portal-batch-chosen.png"), full_page=False)
        form.get_by_role("button", name="上传并按文件名对应").click()
        page.wait_for_url(f"{base}/portal/{slug}/materials/batch/")
        expect(page.get_by_role("heading", level=1)).to_contain_text("批量上传结果")
        expect(page.locator(".state-stored")).to_have_count(30)
        page.screenshot(path=str(SCREENSHOTS / "portal-batch-result.png"), full_page=True)
        page.get_by_role("link", name="返回材料清单").click()
        expect(page.locator(".material-item.is-done")).to_have_count(30)

    assert only_local(requested) == []
    assert Material.objects.filter(unit=unit).count() == 30
