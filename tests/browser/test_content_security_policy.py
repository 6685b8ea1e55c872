"""Pages keep working under the Content-Security-Policy: no inline script, handler or style is
refused (every browser test also fails on a refusal, see conftest.py), and what used inline code
before (the language menu, the analysis bars, the API docs) still works."""

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from hotline.tests.factories import TicketFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_carries_the_policy_and_the_language_menu_still_switches(page, settings):
    response = page.goto("/accounts/login/")
    assert response.headers["content-security-policy"] == settings.CONTENT_SECURITY_POLICY
    assert "script-src 'self'" in settings.CONTENT_SECURITY_POLICY

    page.get_by_label("语言").select_option("en")
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()


def test_the_analysis_bars_and_the_api_docs_render(page, login):
    TicketFactory.create_batch(3)
    login(Role.LEADER)
    page.goto("/metrics/analysis/")
    bar = page.locator("table.bars svg.bar rect").first
    expect(bar).to_be_visible()
    assert bar.bounding_box()["width"] > 10
    assert page.locator(".analysis-nav").evaluate("nav => getComputedStyle(nav).display") == "flex"

    page.goto("/api/docs/")
    # The schema of the whole API is generated on this request: slow on a busy machine.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("12345", timeout=60_000)


def test_the_admin_works_under_the_policy(page, login):
    login(Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    page.goto("/admin/")
    page.goto("/admin/accounts/user/")
    page.locator("#result_list tbody a").first.click()
    expect(page.locator("#user_form")).to_be_visible()
