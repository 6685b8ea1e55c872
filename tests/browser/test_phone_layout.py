"""Field work happens on phones: on a 390×844 screen the pages street officials and department
staff use fit the width (nothing scrolls sideways), the red header stays short, and the menu opens
from a button."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.field_pages import field_city_build, sign_in_as

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
HEADER_MAX_PX = 80
SCREENSHOTS = Path("var/screenshots")


def fits_the_phone(page, name):
    """No sideways scrolling and a short header; a full-page screenshot is kept to look at."""
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"phone-{name}.png"), full_page=True)
    width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"{name}: the page is {width[0]} px wide on a {width[1]} px screen"
    header = page.locator("header.topbar").bounding_box()
    assert header["height"] <= HEADER_MAX_PX, f"{name}: the header is {header['height']} px tall"


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_street_and_department_pages_fit_a_phone(phone, make_user):
    city = field_city_build(make_user)

    sign_in_as(phone, city.users["official"])
    # The menu is folded behind one button; it opens, and its links work.
    menu = phone.get_by_role("button", name="菜单")
    expect(menu).to_have_attribute("aria-expanded", "false")
    expect(phone.get_by_role("link", name="我的工单")).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    assert phone.get_by_role("link", name="我的工单").bounding_box()["height"] >= 44  # a finger's size
    phone.screenshot(path=str(SCREENSHOTS / "phone-menu.png"))
    phone.get_by_role("link", name="我的工单").click()
    phone.wait_for_url("**/inbox/")
    expect(phone.locator("#inbox tbody tr")).to_have_count(4)
    fits_the_phone(phone, "inbox")
    phone.goto(f"/hotline/tickets/{city.ticket.pk}/")
    fits_the_phone(phone, "ticket")
    phone.goto("/streets/whistles/")
    fits_the_phone(phone, "whistles")
    phone.goto(f"/streets/whistles/{city.whistle.pk}/")
    fits_the_phone(phone, "whistle")

    sign_in_as(phone, city.users["staff"])
    phone.goto("/departments/board/")
    expect(phone.locator("#board-rows tr[data-summons]")).to_have_count(1)
    fits_the_phone(phone, "board")


def test_without_script_the_menu_stays_reachable_and_the_page_fits(browser, live_server, make_user):
    city = field_city_build(make_user)
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=PHONE, java_script_enabled=False
    )
    page = context.new_page()
    sign_in_as(page, city.users["staff"])
    page.goto("/departments/board/")
    expect(page.get_by_role("button", name="菜单")).to_be_hidden()
    expect(page.locator("#nav-board")).to_be_visible()  # the menu is a row scrolling inside the header
    fits_the_phone(page, "board-no-script")
    context.close()


def test_every_main_page_of_every_role_fits_a_phone(phone, make_user):
    """Beyond the field pages: what the hotline, supervisors and leaders open, and the citizen's
    tracking page, on the same 390 px screen."""
    city = field_city_build(make_user)
    pages_by_user = [
        (None, ["/accounts/login/", "/track/"]),
        ("operator", ["/", "/hotline/console/", "/tickets/", f"/hotline/tickets/{city.ticket.pk}/print/"]),
        ("dispatcher", ["/hotline/queue/", "/hotline/requests/", "/notifications/"]),
        ("official", ["/tickets/?content=占道经营"]),
        (
            "leader",
            [
                "/metrics/",
                "/metrics/analysis/",
                "/metrics/analysis/?section=streets",
                "/metrics/departments/",
            ],
        ),
    ]
    for who, paths in pages_by_user:
        if who is None:
            phone.context.clear_cookies()
        else:
            sign_in_as(phone, city.users[who])
        for path in paths:
            response = phone.goto(path)
            assert response.status == 200, path
            phone.wait_for_load_state("networkidle")
            width = phone.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"{path} as {who}: {width[0]} px wide on a {width[1]} px screen"
