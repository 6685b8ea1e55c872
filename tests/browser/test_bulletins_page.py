"""A dispatcher opens the bulletins page, finds yesterday's daily bulletin and downloads its PDF; the
page has no serious accessibility violation."""

from datetime import timedelta
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from bulletins.services import bulletin_generate
from tests.browser.test_accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dispatcher_downloads_yesterdays_bulletin(page, login):
    yesterday = timezone.localdate() - timedelta(days=1)
    bulletin = bulletin_generate(kind="day", first_day=yesterday)

    login(Role.DISPATCHER)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto("/metrics/bulletins/")
    row = page.locator(f'#bulletin-table tr[data-bulletin="{bulletin.pk}"]')
    expect(row).to_contain_text("日通报")
    expect(row).to_contain_text(f"{yesterday:%Y-%m-%d}")
    assert serious_violations(page, Axe()) == []

    with page.expect_download() as download:
        row.get_by_role("link", name="PDF").click()
    assert download.value.suggested_filename == f"12345-day-{yesterday:%Y-%m-%d}.pdf"
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")
