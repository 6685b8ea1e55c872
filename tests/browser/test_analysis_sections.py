"""The analysis page shows one section at a time: on a laptop and on a phone it stays a few screens
tall with a whole city's 349 streets and townships (the first 30 listed, the rest a link away), and
nothing scrolls sideways on a phone."""

from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOTS = Path("var/screenshots")
WIDTHS = (1280, 390)
SECTIONS = ("overview", "map", "streets", "trend", "warnings")
# Before: 15,891 px at 1280 and 27,665 px at 390 (and 432 px wide), everything on one page.
MAX_HEIGHT_PX = 4_000


def test_one_section_at_a_time_fits_a_laptop_and_a_phone(page, login):
    call_command("load_divisions")
    login(Role.LEADER)
    heights = {}
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        for section in SECTIONS:
            page.goto(f"/metrics/analysis/?period=month&section={section}")
            expect(
                page.locator(f'nav.sections a[aria-current="page"][data-section="{section}"]')
            ).to_be_visible()
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"analysis-{section}-{width}.png"), full_page=True)
            scroll_width, height, inner = page.evaluate(
                "[document.documentElement.scrollWidth, document.documentElement.scrollHeight, window.innerWidth]"
            )
            heights[(width, section)] = height
            assert scroll_width <= inner, f"{section} at {width} px: {scroll_width} px wide"
    print("analysis page heights (px):", heights)
    tall = {key: height for key, height in heights.items() if height > MAX_HEIGHT_PX}
    assert tall == {}, heights
    # Sections are links: the map's districts lead to the street table of that district.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/metrics/analysis/?period=month&section=map")
    page.locator('.map a[href*="district=110105"]').first.click()
    expect(page.locator('nav.sections a[aria-current="page"]')).to_have_attribute("data-section", "streets")
    expect(page.locator("#street-table")).to_contain_text("团结湖街道")
    page.goto("/metrics/analysis/?period=month&section=streets")
    expect(page.locator("#street-table tbody tr")).to_have_count(30)
    page.locator("#streets-more a").click()
    expect(page.locator("#street-table tbody tr")).to_have_count(349)
