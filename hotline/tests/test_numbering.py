"""Ticket numbers: a per-day counter taken in one statement outside the intake's transaction."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from rest_framework.exceptions import ValidationError

from hotline.models import Ticket, TicketSequence
from hotline.services.intake import TicketDraft, ticket_create
from hotline.services.numbering import ticket_number_take
from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from tests.threads import run_at_once

SHANGHAI = ZoneInfo("Asia/Shanghai")
needs_postgresql = pytest.mark.skipif(
    "connection.vendor != 'postgresql'",
    reason="concurrent writers need PostgreSQL; CI runs this on PostgreSQL",
)


def _draft() -> TicketDraft:
    return TicketDraft(
        channel="phone",
        request_type=RequestTypeFactory(),
        category=CategoryFactory(),
        content="楼道灯坏了",
        caller_phone="13900001111",
    )


@pytest.mark.django_db
def test_the_counter_starts_at_one_each_local_day_and_counts_up():
    late = datetime(2026, 11, 22, 15, 59, tzinfo=ZoneInfo("UTC"))  # 23:59 in Beijing
    next_day = datetime(2026, 11, 22, 16, 1, tzinfo=ZoneInfo("UTC"))
    taken = [ticket_number_take(received_at=at) for at in (late, late, next_day)]
    assert taken == ["20261122-000001", "20261122-000002", "20261123-000001"]
    assert list(TicketSequence.objects.order_by("day").values_list("last", flat=True)) == [2, 1]


@pytest.mark.django_db
def test_a_refused_intake_leaves_its_number_unused():
    def refuse(ticket):
        raise ValidationError("refused")

    with pytest.raises(ValidationError):
        ticket_create(draft=_draft(), outcome=refuse)
    ticket, _ = ticket_create(draft=_draft())
    assert ticket.number.endswith("-000002")
    assert Ticket.objects.count() == 1


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_concurrent_intakes_get_distinct_numbers():
    draft = _draft()
    threads, each = 8, 5

    def file_several():
        return [ticket_create(draft=draft)[0].number for _ in range(each)]

    numbers = [number for batch in run_at_once(file_several, threads) for number in batch]
    day = f"{datetime.now(SHANGHAI):%Y%m%d}"
    assert sorted(numbers) == [f"{day}-{n:06d}" for n in range(1, threads * each + 1)]
    assert Ticket.objects.count() == threads * each


@needs_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_number_is_taken_while_another_intake_is_still_open():
    """The counter row is not locked until an intake commits: another connection takes the next
    number while the first intake's transaction is open (lock_timeout turns a wait into an error)."""
    taken_meanwhile = []

    def take_elsewhere(ticket):
        def take():
            with connection.cursor() as cursor:
                cursor.execute("SET lock_timeout = '2s'")
            return ticket_number_take(received_at=ticket.received_at)

        taken_meanwhile.extend(run_at_once(take, 1))
        return ticket

    ticket, _ = ticket_create(draft=_draft(), outcome=take_elsewhere)
    assert ticket.number.endswith("-000001")
    assert [number[-6:] for number in taken_meanwhile] == ["000002"]
