"""Acceptance (lifecycle): a street official signs for an order, records the call to the citizen
and replies; an operator records the callback; the ticket closes and its timeline shows every step."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import Ticket
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_sign_contact_reply_callback_close(page, login, make_user):
    call_command("load_deadline_policies")
    street = StreetFactory(name="团结湖街道")
    ticket = TicketFactory(tier="T3", content="门口占道经营")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))

    login(Role.STREET_OFFICIAL, unit=street)
    page.goto("/inbox/")
    row = page.locator("#inbox tbody tr").filter(has_text=ticket.number)
    expect(row.locator(".countdown")).to_contain_text("剩余")
    row.get_by_role("link", name=ticket.number).click()

    status = page.locator("#assignments .status").first
    # Each action reloads the page; wait for the new state before using the next form.
    page.get_by_role("button", name="签收").click()
    expect(status).to_have_text("已签收")
    contact = page.locator("#contact-form")
    contact.get_by_label("备注").fill("已电话联系诉求人")
    contact.get_by_role("button", name="保存").click()
    expect(status).to_have_text("已联系诉求人")
    page.get_by_role("button", name="开始办理").click()
    expect(status).to_have_text("办理中")
    reply = page.locator("#reply-form")
    reply.get_by_label("给热线的办理情况").fill("已清理占道摊位并加强巡查")
    reply.locator("#reply-citizen-text").fill("门口的占道摊位已清理，今后每天巡查。")
    reply.get_by_role("button", name="反馈").click()
    expect(status).to_have_text("已反馈")
    page.get_by_role("button", name="退出").click()

    login(Role.OPERATOR)
    page.goto(f"/hotline/tickets/{ticket.pk}/")
    callback = page.locator("#assignment-callback-form")
    callback.get_by_label("是否解决").select_option("solved")
    callback.get_by_label("是否满意").select_option("satisfied")
    callback.get_by_role("button", name="保存").click()
    expect(page.locator("#assignments .status").first).to_have_text("已回访")
    # 办结 cannot be undone: the page asks first, and the server insists on the answer.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="办结工单").click()

    expect(page.locator("h1 .status")).to_have_text("已办结")
    timeline = page.locator("#timeline")
    for step in ("签收", "联系诉求人", "开始办理", "反馈", "回访", "办结"):
        expect(timeline).to_contain_text(step)
    page.screenshot(path="var/screenshots/lifecycle.png", full_page=True)
    assert Ticket.objects.get(pk=ticket.pk).status == "closed"
