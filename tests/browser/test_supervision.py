"""督办 in the browser: the dispatcher issues a supervision order from the ticket page; the street
official finds it in the menu on a phone, answers it in writing, and the page fits the phone;
no page of the loop has a serious accessibility violation."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from supervision.models import SupervisionOrder
from tests.browser.conftest import watched_page
from tests.browser.field_pages import field_city_build, sign_in_as
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_phone_layout import PHONE, fits_the_phone

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_issue_from_the_ticket_page_and_answer_on_a_phone(browser, live_server, make_user):
    city = field_city_build(make_user)
    axe, found = Axe(), []
    with watched_page(browser, live_server) as page:
        sign_in_as(page, city.users["dispatcher"])
        page.goto(f"/hotline/tickets/{city.ticket.pk}/")
        page.get_by_role("link", name="下发督办单").first.click()
        page.wait_for_url("**/supervision/new/**")
        found += serious_violations(page, axe)
        page.get_by_label("理由").fill("逾期未复，群众多次来电")
        page.get_by_role("button", name="下发").click()
        expect(page.locator("#order-status")).to_have_text("已下发")
        found += serious_violations(page, axe)
    order = SupervisionOrder.objects.get()
    assert (order.unit, order.ticket, order.level) == (city.street, city.ticket, "hotline")

    with watched_page(browser, live_server, viewport=PHONE) as phone:
        sign_in_as(phone, city.users["official"])
        phone.get_by_role("button", name="菜单").click()
        phone.get_by_role("link", name="督办单").click()
        phone.wait_for_url("**/supervision/")
        expect(phone.locator("#supervision-orders tbody tr")).to_have_count(1)
        fits_the_phone(phone, "supervision-list")
        found += serious_violations(phone, axe)
        phone.locator(f'[data-order="{order.pk}"] a').click()
        fits_the_phone(phone, "supervision-order")
        phone.get_by_label("答复").fill("已到现场核实并拆除违建，已回复诉求人")
        phone.get_by_role("button", name="提交答复").click()
        expect(phone.locator("#order-status")).to_have_text("已答复")
        expect(phone.locator("#order-answer")).to_contain_text("已到现场核实")
        found += serious_violations(phone, axe)
    assert found == [], "\n".join(found)
