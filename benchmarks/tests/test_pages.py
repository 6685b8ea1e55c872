"""benchmark_pages on a few orders: it finds the busiest street, makes its users, times every page
of the registry (each answered 200, or the command fails) and prints one line per page."""

import re

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Membership, Role
from benchmarks.pages import PAGES
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from units.tests.factories import HotlineFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders(make_user):
    call_command("load_deadline_policies")
    HotlineFactory()
    quiet, busy = StreetFactory(), StreetFactory()
    StreetFactory()  # no orders: the baseline's street
    dispatcher = make_user(Role.DISPATCHER)
    for street, count in ((quiet, 1), (busy, 3)):
        for _ in range(count):
            ticket_dispatch(ticket=TicketFactory(tier="T3"), lead_unit=street, actor=dispatcher)
    return busy


def test_times_every_page_as_the_busiest_streets_official_and_a_dispatcher(orders, capsys):
    call_command("benchmark_pages", requests=2, baseline=True)
    out = capsys.readouterr().out
    assert f"busiest street {orders.code}" in out and ": 3 orders" in out
    for page in PAGES:
        line = re.search(rf"^{re.escape(page.label)}: n=2 p50_ms=\S+ p95_ms=\S+ .*status=200$", out, re.M)
        assert line, page.label
        assert re.search(rf"^baseline {re.escape(page.label)}: n=2 .*status=200$", out, re.M), page.label
    official = Membership.objects.get(user__username="bench_pages_street", role=Role.STREET_OFFICIAL)
    assert official.unit == orders


def test_a_second_run_reuses_its_users(orders, capsys):
    call_command("benchmark_pages", requests=1)
    call_command("benchmark_pages", requests=1)
    assert Membership.objects.filter(user__username="bench_pages_street").count() == 1


def test_an_empty_database_is_refused_with_the_command_that_fills_it(db):
    with pytest.raises(CommandError, match="benchmark_metrics --keep"):
        call_command("benchmark_pages", requests=1)
