"""The list pages and the ticket list API cost the same number of queries for a few rows as for
many: no query per row (each row's ticket, unit, category and reply clock come with the page)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def street_world(make_user):
    from django.core.management import call_command

    call_command("load_deadline_policies")
    street = StreetFactory()
    dispatcher = make_user(Role.DISPATCHER)

    def add_orders(count):
        for _ in range(count):
            ticket_dispatch(ticket=TicketFactory(tier="T3"), lead_unit=street, actor=dispatcher)
            TicketFactory()  # one waiting in the dispatcher's queue

    return {
        "add_orders": add_orders,
        "official": make_user(Role.STREET_OFFICIAL, unit=street),
        "dispatcher": dispatcher,
    }


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured.captured_queries)


PAGES = [
    ("official", "/inbox/"),
    ("official", "/inbox/?tier=T3&status=dispatched"),
    ("official", "/api/v1/tickets/"),
    ("dispatcher", "/api/v1/tickets/?status=dispatched"),
    ("dispatcher", "/inbox/"),
    ("dispatcher", "/hotline/queue/"),
    ("dispatcher", "/hotline/requests/"),
]


@pytest.mark.parametrize(("who", "url"), PAGES)
def test_queries_do_not_grow_with_the_rows(street_world, client, who, url):
    api = APIClient()
    for each in (client, api):
        each.force_login(street_world[who])
    reader = api if url.startswith("/api/") else client
    street_world["add_orders"](2)
    queries(reader, url)  # the session's first request writes what later ones do not
    few = queries(reader, url)
    street_world["add_orders"](5)
    many = queries(reader, url)
    assert many == few, f"{url}: {few} queries for 2 orders, {many} for 7"


def test_the_inbox_shows_a_capped_count_past_the_cap(street_world, client, settings):
    settings.LIST_COUNT_CAP = 2
    street_world["add_orders"](3)
    client.force_login(street_world["official"])
    page = client.get("/inbox/").content.decode()
    assert "(2+)" in page
    settings.LIST_COUNT_CAP = 5
    assert "(3)" in client.get("/inbox/").content.decode()


def test_the_inbox_puts_the_nearest_reply_deadline_first_for_a_unit_and_city_wide(street_world):
    from datetime import timedelta

    from django.utils import timezone

    from dispatch.models import Assignment, Clock
    from dispatch.selectors import inbox

    street_world["add_orders"](4)
    orders = list(Assignment.objects.order_by("id"))
    now = timezone.now()
    for order, hours in zip(orders, (30, 10, 20), strict=False):
        Clock.objects.filter(assignment=order, kind=Clock.Kind.REPLY).update(
            due_at=now + timedelta(hours=hours)
        )
    Clock.objects.filter(assignment=orders[3], kind=Clock.Kind.REPLY).update(stopped_at=now)  # none running
    expected = [orders[1].pk, orders[2].pk, orders[0].pk, orders[3].pk]
    for who in ("official", "dispatcher"):
        listed = list(inbox(street_world[who]))
        assert [order.pk for order in listed] == expected, who
        assert listed[0].reply_due == now + timedelta(hours=10) and listed[3].reply_due is None


def test_the_inbox_page_links_keep_the_filters(street_world, client, monkeypatch):
    """Page 2 of a filtered inbox is page 2 of the same filter, not of every order."""
    from dispatch.views import InboxView

    monkeypatch.setattr(InboxView, "paginate_by", 2)
    street_world["add_orders"](5)
    client.force_login(street_world["official"])
    page = client.get("/inbox/?tier=T3&status=dispatched").content.decode()
    assert 'href="?tier=T3&amp;status=dispatched&amp;page=2"' in page
    second = client.get("/inbox/?tier=T3&status=dispatched&page=2").content.decode()
    assert 'href="?tier=T3&amp;status=dispatched&amp;page=1"' in second
    assert 'href="?tier=T3&amp;status=dispatched&amp;page=3"' in second
