import pytest
from django.core.exceptions import ValidationError

from hotline.models import Callback
from hotline.services.callback_links import (
    callback_link_issue,
    callback_link_superseded,
    callback_link_ticket,
)
from hotline.services.callbacks import callback_link_answer, ticket_callback_record
from hotline.services.tracking import TooManyAttempts, tracking_lookup
from hotline.tests.factories import TicketFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()


def test_callback_link_is_single_use():
    ticket = TicketFactory(status="answered")
    token = callback_link_issue(ticket=ticket)

    callback_link_answer(token=token, solved="solved", satisfaction="satisfied", comment="谢谢")
    with pytest.raises(ValidationError):
        callback_link_answer(token=token, solved="not_solved", satisfaction="dissatisfied")

    assert list(Callback.objects.values_list("via", "solved", "satisfaction")) == [
        ("web", "solved", "satisfied")
    ]
    assert ticket.events.filter(action="callback").count() == 1


def test_tampered_link_is_refused():
    token = callback_link_issue(ticket=TicketFactory(status="answered"))
    with pytest.raises(ValidationError):
        callback_link_answer(token=token[:-2] + "xx", solved="solved", satisfaction="satisfied")


def test_pending_ticket_has_nothing_to_call_back_about():
    with pytest.raises(ValidationError):
        ticket_callback_record(ticket=TicketFactory(), via="phone", satisfaction="satisfied", solved="solved")


def test_tracking_needs_the_right_four_digits():
    ticket = TicketFactory(caller_phone="13812345678")
    assert tracking_lookup(number=ticket.number, last_four="5678", client="1.2.3.4") == ticket
    assert (
        tracking_lookup(number=ticket.number.replace("-", ""), last_four="5678", client="1.2.3.4") == ticket
    )
    assert tracking_lookup(number=ticket.number, last_four="5679", client="1.2.3.4") is None
    assert tracking_lookup(number="nonsense", last_four="5678", client="1.2.3.4") is None


def test_tracking_refuses_after_too_many_misses(settings):
    settings.HOTLINE_TRACKING_MAX_FAILURES = 3
    ticket = TicketFactory(caller_phone="13812345678")
    for digits in ("0000", "1111", "2222"):
        assert tracking_lookup(number=ticket.number, last_four=digits, client="9.9.9.9") is None
    with pytest.raises(TooManyAttempts):
        tracking_lookup(number=ticket.number, last_four="5678", client="9.9.9.9")
    assert tracking_lookup(number=ticket.number, last_four="5678", client="8.8.8.8") == ticket


def test_issuing_a_callback_link_again_supersedes_the_first():
    ticket = TicketFactory(status="answered")
    first = callback_link_issue(ticket=ticket)
    second = callback_link_issue(ticket=ticket)

    assert callback_link_ticket(first) is None and callback_link_superseded(first)
    assert callback_link_ticket(second) == ticket and not callback_link_superseded(second)
    with pytest.raises(ValidationError):
        callback_link_answer(token=first, solved="solved", satisfaction="satisfied")
    callback_link_answer(token=second, solved="solved", satisfaction="satisfied")
    assert ticket.callbacks.count() == 1
    assert ticket.callback_links.filter(superseded_at__isnull=True).count() == 1
