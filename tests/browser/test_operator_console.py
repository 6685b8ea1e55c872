"""Acceptance: an operator takes a repeat call, merges it, files a new ticket; the citizen then
follows the new ticket on the public page with the right digits, and not with wrong ones."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role
from hotline.models import Ticket
from hotline.services.reference import categories_load, request_types_load
from hotline.tests.factories import TicketFactory
from sms.selectors import sms_last_to

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_routing"),
]


@pytest.fixture
def reference():
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()
    call_command("load_responsibilities")
    cache.clear()


def pick_category(page, query):
    page.get_by_label("诉求分类").fill(query)
    page.get_by_label("诉求分类").press("Enter")


def test_repeat_call_is_merged_and_a_new_call_is_tracked_by_the_citizen(
    page, login, reference, live_server, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    master = TicketFactory(
        caller_phone="13811112222",
        caller_name="赵六",
        content="小区门口有人占道经营，晚上很吵",
        address="团结湖路1号",
    )
    login(Role.OPERATOR)
    page.goto("/hotline/console/")

    # A repeat caller: the earlier ticket shows up as a candidate while the operator types.
    page.get_by_label("来电号码").fill("13811112222")
    page.get_by_label("诉求内容").fill("又有人在小区门口占道经营")
    candidate = page.locator(f'#duplicates li[data-number="{master.number}"]')
    expect(candidate).to_be_visible()
    expect(candidate).to_contain_text("同一来电号码")
    pick_category(page, "占道经营")
    candidate.get_by_role("button", name="将本次来电并入此单").click()
    expect(page.locator("#result")).to_contain_text(f"来电已登记并并入 {master.number}")
    master.refresh_from_db()
    assert master.caller_count == 2
    child = Ticket.objects.get(master=master)
    assert (child.status, child.caller_phone, child.content) == (
        "merged",
        "13811112222",
        "又有人在小区门口占道经营",
    )

    # A new call, filed for dispatch with the keyboard only.
    page.get_by_label("来电号码").fill("13998765432")
    page.get_by_label("诉求人姓名").fill("钱七")
    page.get_by_label("求助").check()
    pick_category(page, "停水")
    expect(page.locator("#tier")).to_have_value("T2")
    expect(page.locator("#deadline-hint")).to_contain_text("如现在派单，反馈截止")
    page.get_by_label("地址").fill("朝阳区水碓子东路15号院")
    page.get_by_label("诉求内容").fill("家里停水一整天了，没有通知")
    page.get_by_label("诉求内容").press("Control+Enter")
    expect(page.locator("#result")).to_contain_text("工单已提交")
    number = page.locator("#result a").inner_text()
    assert re.fullmatch(r"\d{8}-\d{6}", number)
    new = Ticket.objects.get(number=number)
    assert (new.category.name, new.tier, new.caller_phone) == ("停水", "T2", "13998765432")
    # Filed for dispatch, the router sent it on: water supply is the city-wide utility's.
    assert (new.status, new.assignments.get().unit.code) == ("dispatched", "110000-gs")
    page.screenshot(path="var/screenshots/console.png", full_page=True)
    # The caller gets the receipt by SMS (the log gateway: the message row is the copy); the
    # merged repeat call got none.
    receipt = sms_last_to("13998765432", kind="receipt")
    assert receipt.ticket == new and receipt.status == "sent" and number in receipt.text
    tracking_link = re.search(r"https?://\S+/track/\?number=[0-9-]+", receipt.text)[0]
    assert sms_last_to("13811112222") is None

    # The citizen, signed out, follows it.
    page.get_by_role("button", name="退出").click()
    page.goto("/track/")
    page.get_by_label("工单号").fill(number)
    page.get_by_label("来电号码后四位").fill("0000")
    page.get_by_role("button", name="查询").click()
    expect(page.get_by_role("alert")).to_contain_text("没有与该工单号")
    expect(page.locator("#public-timeline")).to_have_count(0)

    page.goto(tracking_link)  # the link in the SMS fills in the number
    expect(page.get_by_label("工单号")).to_have_value(number)
    page.get_by_label("来电号码后四位").fill("5432")
    page.get_by_role("button", name="查询").click()
    expect(page.locator("#public-timeline")).to_contain_text("诉求已受理")
    expect(page.locator("#public-timeline")).to_contain_text("已派至北京市自来水集团有限责任公司办理")
    expect(page.locator("#public-timeline")).not_to_contain_text("钱七")
    page.screenshot(path="var/screenshots/track.png", full_page=True)
