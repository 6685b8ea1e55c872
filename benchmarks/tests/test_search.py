"""benchmark_search: refuses a database it cannot measure, times only searches the search itself
accepts, and on PostgreSQL varies generated text and prints each search's figures and a plan."""

from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Role
from benchmarks.search import sample_values, searches
from benchmarks.search_text import places
from hotline.models import Ticket
from hotline.selectors.search import search_problems
from hotline.tests.factories import TicketFactory


def test_sqlite_is_refused(db):
    if connection.vendor == "postgresql":
        pytest.skip("this database is PostgreSQL: the refusal is for the others")
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_search")


def test_places_name_every_community_with_its_street():
    named = places()
    assert len(named) > 7000
    assert "东华门街道多福巷社区" in named


def test_every_timed_search_is_one_the_search_accepts(make_user):
    samples = {
        "numbers": ["bm0000aa-00000001"],
        "phones": ["13800000001"],
        "communities": ["多福巷社区"],
        "streets": ["东华门街道"],
        "roads": ["建国路"],
        "issues": ["小区路灯不亮", "暖气不热"],
    }
    dispatcher = make_user(Role.DISPATCHER)
    for search in searches(samples, date(2026, 8, 1)):
        for run in range(3):
            assert search_problems(dispatcher, search.criteria(run)) == {}, search.label


@pytest.mark.django_db(transaction=True)
def test_varies_generated_text_and_times_each_search(make_user, capsys):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: trigram indexes, TABLESAMPLE and EXPLAIN ANALYZE")
    from dispatch.services import ticket_dispatch
    from units.tests.factories import StreetFactory

    street, dispatcher = StreetFactory(), make_user(Role.DISPATCHER)
    for n in range(30):
        ticket = TicketFactory(content="基准测试工单", address="", caller_phone="")
        if n % 3 == 0:
            ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    call_command("benchmark_search", runs=20)
    out = capsys.readouterr().out
    assert "the text is repetitive" in out and "varied 30 tickets" in out
    assert not Ticket.objects.filter(content="基准测试工单").exists()
    assert Ticket.objects.exclude(caller_phone="").count() == 30
    assert "phone [dispatcher]: n=20" in out and "content, common phrase [street_official]: n=20" in out
    assert "slowest by p95" in out and "Limit" in out
    assert sample_values(5)["phones"]
