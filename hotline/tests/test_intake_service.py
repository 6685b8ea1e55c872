from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from hotline.geo import wgs84_to_gcj02
from hotline.idempotency import Idempotency, IdempotencyKeyReused
from hotline.models import Ticket, TicketEvent
from hotline.services.intake import TicketDraft, ticket_create
from hotline.tests.factories import CategoryFactory, ReportTypeFactory, RequestTypeFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")


def draft(**overrides) -> TicketDraft:
    fields = {
        "channel": "phone",
        "request_type": RequestTypeFactory(),
        "category": CategoryFactory(default_tier="T2"),
        "content": "楼上漏水，已经三天了。",
        "caller_name": "李四",
        "caller_phone": "13900001111",
    }
    fields.update(overrides)
    return TicketDraft(**fields)


def test_create_records_the_first_event_and_defaults_the_tier(make_user):
    operator = make_user()
    ticket, created = ticket_create(draft=draft(), operator=operator)

    assert created
    assert ticket.status == Ticket.Status.PENDING
    assert ticket.tier == "T2"  # from the category
    event = TicketEvent.objects.get(ticket=ticket)
    assert (event.action, event.to_status, event.actor, event.is_public) == (
        "receive",
        "pending",
        operator,
        True,
    )


def test_numbers_are_date_plus_daily_sequence():
    day1 = datetime(2026, 11, 22, 23, 59, tzinfo=SHANGHAI)
    day2 = datetime(2026, 11, 23, 0, 1, tzinfo=SHANGHAI)
    numbers = [
        ticket_create(draft=draft(received_at=day1))[0].number,
        ticket_create(draft=draft(received_at=day1))[0].number,
        ticket_create(draft=draft(received_at=day2))[0].number,
    ]
    assert numbers == ["20261122-000001", "20261122-000002", "20261123-000001"]


def test_report_is_confidential_by_default_and_anonymous_keeps_no_caller():
    ticket, _ = ticket_create(draft=draft(request_type=ReportTypeFactory(), caller_anonymous=True))
    assert ticket.confidential
    assert (ticket.caller_name, ticket.caller_phone, ticket.caller_anonymous) == ("", "", True)


def test_gcj02_coordinates_are_stored_as_wgs84():
    wgs = (116.46104, 39.92613)
    gcj = wgs84_to_gcj02(*wgs)
    ticket, _ = ticket_create(draft=draft(longitude=gcj[0], latitude=gcj[1], crs="gcj02"))
    assert abs(float(ticket.longitude) - wgs[0]) < 1e-5 and abs(float(ticket.latitude) - wgs[1]) < 1e-5
    assert ticket.input_crs == "gcj02"


def test_same_idempotency_key_and_fingerprint_returns_the_same_ticket():
    first, created_first = ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f1"))
    again, created_again = ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f1"))
    assert (created_first, created_again) == (True, False)
    assert again.pk == first.pk
    assert (first.idempotency_scope, first.idempotency_key, first.request_fingerprint) == (
        "user:1",
        "k-1",
        "f1",
    )
    assert Ticket.objects.count() == 1


def test_same_idempotency_key_with_another_fingerprint_is_refused():
    ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f1"))
    with pytest.raises(IdempotencyKeyReused):
        ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f2"))
    assert Ticket.objects.count() == 1


def test_the_same_idempotency_key_in_another_scope_files_another_ticket():
    first, _ = ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f1"))
    other, created = ticket_create(draft=draft(), idempotency=Idempotency("user:2", "k-1", "f2"))
    assert created and other.pk != first.pk


def test_a_ticket_filed_before_fingerprints_matches_any_retry():
    first, _ = ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", ""))
    again, created = ticket_create(draft=draft(), idempotency=Idempotency("user:1", "k-1", "f2"))
    assert (again.pk, created) == (first.pk, False)


def test_tags_are_created_once():
    ticket, _ = ticket_create(draft=draft(tags=("每月一题", "七有五性")))
    other, _ = ticket_create(draft=draft(tags=("每月一题",)))
    assert sorted(ticket.tags.values_list("name", flat=True)) == ["七有五性", "每月一题"]
    assert other.tags.get().pk == ticket.tags.get(name="每月一题").pk
