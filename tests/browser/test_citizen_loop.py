"""Acceptance (issue 12, point 3): the loop with the citizen closed in the browser. A call filed by
phone is routed to a street and the caller gets the receipt SMS with the tracking link; the street
official reveals the number (logged), contacts the caller and replies with a part for the citizen;
the reply SMS carries the callback link, which the citizen answers in the browser, signed out; the
hotline closes the ticket, the tracking page shows the reply and "已办结", and the street's
resolution and satisfaction counts took in the answer."""

import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from hotline.models import PhoneReveal, Ticket
from hotline.services.reference import categories_load, request_types_load
from metrics.computation import unit_counts
from metrics.formulas import Counts
from metrics.periods import month_bounds
from sms.selectors import sms_last_to
from units.models import Unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("fresh_routing"),
]

PHONE = "13912345678"
STREET = "110105013"  # 朝阳区团结湖街道: its territory holds the address below
REPLY_FOR_CITIZEN = "门口的占道摊位已清理，城管每天巡查"
# The machine running the suite may be loaded; the first page of a live server is the slowest.
TIMEOUT_MS = 30_000


@pytest.fixture
def reference():
    call_command("load_divisions")
    call_command("load_departments")
    request_types_load()
    categories_load()
    call_command("load_responsibilities")
    cache.clear()


@pytest.fixture(autouse=True)
def patient_expectations():
    """Routing and the live server's first pages can take seconds on a loaded machine: this
    module's assertions wait longer than Playwright's 5 s, and the default comes back after."""
    expect.set_options(timeout=TIMEOUT_MS)
    yield
    expect.set_options(timeout=5_000)


@pytest.fixture
def citizen_page(browser, live_server):
    """A second browser, signed out: the citizen's phone. Fails the test on a CSP refusal too."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    refused = []
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and refused.append(message.text)
    )
    yield page
    context.close()
    assert refused == [], refused


def street_counts(street: Unit) -> Counts:
    start, end = month_bounds(timezone.localdate())
    return unit_counts(unit_kind=street.kind, start=start, end=end).get(street.pk, Counts())


def test_the_citizen_hears_back_and_answers_the_callback_in_the_browser(
    page, citizen_page, login, make_user, reference, live_server, settings
):
    settings.PUBLIC_BASE_URL = live_server.url
    page.set_default_timeout(TIMEOUT_MS)
    street = Unit.objects.get(code=STREET)
    before = street_counts(street)

    # 1. The operator files the call; the router sends it to the street on its own.
    login(Role.OPERATOR)
    page.goto("/hotline/console/")
    page.get_by_label("来电号码").fill(PHONE)
    page.get_by_label("诉求人姓名").fill("孙八")
    page.get_by_label("投诉").check()
    page.get_by_label("诉求分类").fill("占道经营")
    page.get_by_label("诉求分类").press("Enter")
    page.get_by_label("地址").fill("朝阳区团结湖街道团结湖北里3号楼")
    page.get_by_label("诉求内容").fill("楼下每天晚上有人占道经营，很吵")
    page.locator("#submit").click()
    expect(page.locator("#result")).to_contain_text("工单已提交")
    number = page.locator("#result a").inner_text()
    ticket = Ticket.objects.get(number=number)
    assert ticket.status == "dispatched"
    lead = ticket.assignments.get(role="lead")
    assert lead.unit == street

    # 2. The receipt SMS: the ticket number and the tracking link.
    receipt = sms_last_to(PHONE, kind="receipt")
    assert receipt is not None and receipt.ticket == ticket and number in receipt.text
    tracking_link = re.search(r"https?://\S+/track/\?number=[0-9-]+", receipt.text)[0]
    assert tracking_link.startswith(live_server.url) and number in tracking_link
    page.get_by_role("button", name="退出").click()

    # 3. The street official reveals the number (logged), contacts the caller and replies.
    official = login(Role.STREET_OFFICIAL, unit=street)
    page.goto(f"/hotline/tickets/{ticket.pk}/")
    phone = page.locator("#caller-phone")
    expect(phone).not_to_have_text(PHONE)
    assert PhoneReveal.objects.filter(ticket=ticket).count() == 0
    page.locator("#reveal-phone").click()
    expect(phone).to_have_text(PHONE)
    expect(page.locator("#reveal-phone")).to_have_count(0)
    assert list(PhoneReveal.objects.filter(ticket=ticket).values_list("user", flat=True)) == [official.pk]

    status = page.locator("#assignments .status").first
    page.get_by_role("button", name="签收").click()
    expect(status).to_have_text("已签收")
    contact = page.locator("#contact-form")
    contact.get_by_label("备注").fill("已电话联系诉求人，约定今晚现场查看")
    contact.get_by_role("button", name="保存").click()
    expect(status).to_have_text("已联系诉求人")
    page.get_by_role("button", name="开始办理").click()
    expect(status).to_have_text("办理中")
    reply = page.locator("#reply-form")
    reply.locator("input[name=text]").fill("已联合城管清理占道摊位，纳入每日巡查")
    reply.locator("#reply-citizen-text").fill(REPLY_FOR_CITIZEN + "。")
    reply.get_by_role("button", name="反馈").click()
    expect(status).to_have_text("已反馈")
    page.get_by_role("button", name="退出").click()

    # 4. The reply SMS carries the callback link; the citizen answers it, signed out.
    reply_sms = sms_last_to(PHONE, kind="reply")
    assert reply_sms is not None and reply_sms.ticket == ticket
    assert REPLY_FOR_CITIZEN in reply_sms.text and "。。" not in reply_sms.text
    callback_link = re.search(r"https?://\S+/callback/[^/\s]+/", reply_sms.text)[0]
    assert callback_link.startswith(live_server.url)
    citizen_page.goto(callback_link)
    expect(citizen_page.locator("#citizen-reply")).to_contain_text(REPLY_FOR_CITIZEN)
    for name in ("solved", "satisfaction"):
        expect(citizen_page.locator(f"input[name={name}]").first).to_be_visible()
        expect(citizen_page.locator(f"input[name={name}]:checked")).to_have_count(0)
    citizen_page.locator("input[name=solved][value=solved]").check()
    citizen_page.locator("input[name=satisfaction][value=satisfied]").check()
    citizen_page.get_by_role("button", name="提交").click()
    expect(citizen_page.locator("p[role=status]")).to_be_visible()
    lead.refresh_from_db()
    assert lead.status == "called_back"

    # 5. The hotline closes the ticket; the citizen's tracking page says so, with the reply.
    login(Role.OPERATOR)
    page.goto(f"/hotline/tickets/{ticket.pk}/")
    expect(page.locator("#assignments .status").first).to_have_text("已回访")
    # 办结 cannot be undone: the page asks first, and the server insists on the answer.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办结工单").click()
    expect(page.locator("h1 .status")).to_have_text("已办结")

    citizen_page.goto(tracking_link)
    expect(citizen_page.get_by_label("工单号")).to_have_value(number)
    citizen_page.get_by_label("来电号码后四位").fill(PHONE[-4:])
    citizen_page.get_by_role("button", name="查询").click()
    expect(citizen_page.locator("#citizen-state")).to_have_text("已办结")
    expect(citizen_page.locator("#citizen-reply")).to_contain_text(REPLY_FOR_CITIZEN)
    expect(citizen_page.locator("#public-timeline")).not_to_contain_text("孙八")
    citizen_page.screenshot(path="var/screenshots/citizen_loop.png", full_page=True)

    # 6. The street's figures took in one valid callback, solved and satisfied.
    after = street_counts(street)
    assert (after.valid_callbacks, after.solved, after.satisfied) == (
        before.valid_callbacks + 1,
        before.solved + 1,
        before.satisfied + 1,
    )
    assert (after.partly, after.basic) == (before.partly, before.basic)
