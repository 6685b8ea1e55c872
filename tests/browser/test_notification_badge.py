"""The unread badge in the top bar follows new notices without a reload: on its 30-second poll and
when the window regains focus; and it counts only the signed-in user's own notices."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from accounts.models import Role
from dispatch.lifecycle import unit_actions
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from notifications.services import notification_mark_read
from units.tests.factories import StreetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_badge_counts_new_notices_without_a_reload(page, login, make_user):
    call_command("load_deadline_policies")
    street = StreetFactory(name="团结湖街道")
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    dispatcher = make_user(Role.DISPATCHER)
    page.clock.install()
    me = login(Role.DISPATCHER)  # another dispatcher: told of the street's requests, not of its orders
    page.goto("/notifications/")
    badge = page.locator("#notification-badge [data-unread]")
    expect(badge).to_be_hidden()
    navigations = []
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    def signed_order():
        ticket = TicketFactory(tier="T3")
        ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)  # tells the street only
        return unit_actions.assignment_sign(assignment=ticket.assignments.get(), actor=official)

    unit_actions.assignment_request_return(assignment=signed_order(), actor=official, reason="不属本街")
    page.clock.run_for("00:31")  # the poll
    expect(badge).to_have_text("1")
    expect(badge).to_be_visible()

    unit_actions.assignment_request_extension(
        assignment=signed_order(), actor=official, reason="需协调", extra_days=3
    )
    page.evaluate("window.dispatchEvent(new Event('focus'))")  # back to the tab
    expect(badge).to_have_text("2")

    notification_mark_read(user=me)
    page.evaluate("window.dispatchEvent(new Event('focus'))")
    expect(badge).to_be_hidden()
    assert navigations == []  # never reloaded
