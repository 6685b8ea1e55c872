"""In Chromium: the operator sees a caller's earlier tickets as soon as the full number is typed,
and a street official searches their tickets on a 390 px phone without scrolling sideways."""

import os

import pytest
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

SCREENSHOT = os.environ.get("SEARCH_SCREENSHOT")  # a path: keep a picture of the phone page
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_console_shows_the_callers_earlier_tickets(page, login):
    earlier = TicketFactory(caller_phone="13811112222", content="楼道堆放杂物<b>多次</b>反映")
    TicketFactory(caller_phone="13899990000", content="别人的工单")
    login(Role.OPERATOR)
    page.goto("/hotline/console/")
    history = page.locator("#caller-history")
    expect(history).to_contain_text("输入完整的来电号码")
    page.get_by_label("来电号码").fill("138 1111 222")  # one digit short: nothing asked yet
    expect(history).to_contain_text("输入完整的来电号码")
    page.get_by_label("来电号码").press("2")
    row = history.locator(f'li[data-number="{earlier.number}"]')
    expect(row).to_contain_text("楼道堆放杂物<b>多次</b>反映")  # shown as text, not markup
    expect(history).not_to_contain_text("别人的工单")
    page.get_by_label("来电号码").fill("13700000000")
    expect(history).to_contain_text("该号码没有以往工单")


def test_street_official_searches_on_a_phone(page, login, make_user):
    street = StreetFactory()
    mine = TicketFactory(address="团结湖路3号", content="井盖破损存在安全隐患")
    theirs = TicketFactory(address="团结湖路5号", content="井盖破损")
    dispatcher = make_user(Role.DISPATCHER)
    ticket_dispatch(ticket=mine, lead_unit=street, actor=dispatcher)
    ticket_dispatch(ticket=theirs, lead_unit=StreetFactory(), actor=dispatcher)
    page.set_viewport_size({"width": 390, "height": 844})
    login(Role.STREET_OFFICIAL, unit=street)
    page.goto("/tickets/")
    expect(page.get_by_label("来电号码")).to_have_count(0)
    page.get_by_label("地址关键词").fill("团结湖路")
    page.get_by_role("button", name="查询").click()
    expect(page.locator(f'#search-results li[data-number="{mine.number}"]')).to_be_visible()
    expect(page.locator("#search-results li")).to_have_count(1)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_label("内容关键词").fill("井盖")
    page.get_by_role("button", name="查询").click()
    expect(page.locator('[data-error-for="content"]')).to_contain_text("日期范围")
    if SCREENSHOT:
        page.screenshot(path=SCREENSHOT, full_page=True)
