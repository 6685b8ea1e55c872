"""Acceptance (二次派单): a street official hands a signed-for order down to a community from the
ticket page; the community's staff sign for it and report back on a phone; the official accepts
the report; the ticket's timeline shows every hop."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.lifecycle import unit_actions
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from tests.browser.conftest import watched_page
from tests.browser.field_pages import PASSWORD, sign_in_as
from tests.browser.test_accessibility import serious_violations
from units.tests.factories import CommunityFactory, StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hand_down_sign_report_accept(browser, live_server, make_user):
    call_command("load_deadline_policies")
    street = StreetFactory(name="团结湖街道")
    community = CommunityFactory(parent=street, name="一二条社区")
    ticket = TicketFactory(tier="T3", content="楼道堆物")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))
    official = make_user(Role.STREET_OFFICIAL, unit=street, password=PASSWORD)
    staff = make_user(Role.SUB_UNIT_STAFF, unit=community, password=PASSWORD)
    unit_actions.assignment_sign(assignment=ticket.assignments.get(), actor=official)
    axe = Axe()
    deadline = timezone.localtime(timezone.now() + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M")

    with watched_page(browser, live_server) as page:
        sign_in_as(page, official)
        page.goto(f"/hotline/tickets/{ticket.pk}/")
        assert serious_violations(page, axe) == []
        form = page.locator(".hand-down-form")
        form.locator("select[name=sub_unit]").select_option(label=f"{community.name} (社区/村)")
        form.get_by_label("下级单位需办理的事项").fill("请社区上门清理楼道堆物")
        form.get_by_label("内部时限").fill(deadline)
        form.get_by_role("button", name="下派").click()
        expect(page.locator("#sub-orders .sub-order .status")).to_have_text("已下派")

    with watched_page(browser, live_server, viewport={"width": 390, "height": 844}) as phone:
        sign_in_as(phone, staff)
        phone.goto("/sub-orders/")
        card = phone.locator(".sub-order-card")
        expect(card).to_contain_text("请社区上门清理楼道堆物")
        assert serious_violations(phone, axe) == []
        card.get_by_role("button", name="签收").click()
        expect(card.locator(".status")).to_have_text("下级单位已签收")
        card.get_by_label("向派单单位报告").fill("已清理")
        card.get_by_role("button", name="提交").click()
        expect(card.locator(".status")).to_have_text("已向派单单位报告")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390

    with watched_page(browser, live_server) as page:
        sign_in_as(page, official)
        page.goto(f"/hotline/tickets/{ticket.pk}/")
        page.get_by_role("button", name="确认报告").click()
        expect(page.locator("#sub-orders .sub-order .status")).to_have_text("派单单位已确认")
        timeline = page.locator("#timeline")
        for hop in ("下派至下级单位", "签收下派工单", "向派单单位报告", "确认下级单位的报告"):
            expect(timeline).to_contain_text(hop)
