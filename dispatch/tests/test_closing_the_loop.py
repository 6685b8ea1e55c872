"""Callback on expiry, the reply's part for the citizen, and relaying a confidential caller's first
contact through the hotline: the services against the database."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dispatch.assignment_states import AssignmentForbidden
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.models import Assignment, Clock, ContactRecord, UnitRequest
from dispatch.selectors import expired_unreplied
from hotline.models import Callback, TicketEvent

pytestmark = pytest.mark.django_db


def fresh(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def expire_reply_clock(assignment, *, ago=timedelta(hours=1)):
    Clock.objects.filter(assignment=assignment, kind=Clock.Kind.REPLY).update(due_at=timezone.now() - ago)


def test_callback_on_expiry_is_refused_before_the_deadline(order):
    with pytest.raises(ValidationError):
        hotline_actions.assignment_callback_on_expiry(
            assignment=order["assignment"], actor=order["dispatcher"], satisfaction="dissatisfied"
        )
    assert fresh(order["assignment"]).status == "dispatched"
    assert not TicketEvent.objects.filter(action="callback").exists()


def test_callback_on_expiry_after_the_deadline_counts_as_a_callback_marked_on_expiry(order):
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=order["official"])
    expire_reply_clock(a)
    assert list(expired_unreplied(order["dispatcher"])) == [a]

    hotline_actions.assignment_callback_on_expiry(
        assignment=fresh(a), actor=order["dispatcher"], solved="not_solved", satisfaction="dissatisfied"
    )

    a = fresh(a)
    event = TicketEvent.objects.get(action="callback")
    assert (a.status, event.from_status, event.to_status) == ("called_back", "signed", "called_back")
    assert event.payload == {
        "via": "phone",
        "solved": "not_solved",
        "satisfaction": "dissatisfied",
        hotline_actions.ON_EXPIRY: True,
    }
    assert a.clocks.get(kind="reply").result == "missed"
    assert Callback.objects.get(ticket=order["ticket"]).satisfaction == "dissatisfied"
    assert list(expired_unreplied(order["dispatcher"])) == []
    # The hotline then sends it back for a redo, as after any dissatisfied callback.
    a = hotline_actions.assignment_redo(assignment=a, actor=order["dispatcher"], reason="逾期未反馈")
    assert (a.status, a.cycle) == ("dispatched", 2)


def test_an_approved_extension_moves_the_deadline_the_expiry_waits_for(order):
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=order["official"])
    request = unit_actions.assignment_request_extension(
        assignment=a, actor=order["official"], reason="需协调", extra_days=5
    )
    expire_reply_clock(a, ago=timedelta(days=2))  # the original deadline, passed two days ago
    hotline_actions.extension_decide(request=request, actor=order["dispatcher"], approve=True)
    assert list(expired_unreplied(order["dispatcher"])) == []
    with pytest.raises(ValidationError):
        hotline_actions.assignment_callback_on_expiry(
            assignment=fresh(a), actor=order["dispatcher"], satisfaction="dissatisfied"
        )


def test_only_the_hotline_records_a_callback_on_expiry_and_replied_orders_are_not_listed(order):
    a = order["assignment"]
    expire_reply_clock(a)
    with pytest.raises(AssignmentForbidden):
        hotline_actions.assignment_callback_on_expiry(
            assignment=a, actor=order["official"], satisfaction="satisfied"
        )
    assert list(expired_unreplied(order["official"])) == [a]  # the unit sees its own breach
    a = unit_actions.assignment_sign(assignment=a, actor=order["official"])
    a = unit_actions.assignment_contact(
        assignment=a, actor=order["official"], contacted_at=timezone.now(), method="phone"
    )
    unit_actions.assignment_reply(assignment=a, actor=order["official"], text="迟到的反馈")
    assert list(expired_unreplied(order["dispatcher"])) == []


def test_the_reply_keeps_its_part_for_the_citizen(order):
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=order["official"])
    a = unit_actions.assignment_contact(
        assignment=a, actor=order["official"], contacted_at=timezone.now(), method="phone"
    )
    unit_actions.assignment_reply(
        assignment=a, actor=order["official"], text="内部：已协调城管", citizen_text="  占道摊位已清理。 "
    )
    event = TicketEvent.objects.get(action="reply")
    assert (event.reason, event.payload, event.is_public) == (
        "内部：已协调城管",
        {unit_actions.CITIZEN_TEXT: "占道摊位已清理。"},
        True,
    )


@pytest.fixture
def confidential_order(order):
    order["ticket"].confidential = True
    order["ticket"].save(update_fields=["confidential"])
    order["assignment"] = unit_actions.assignment_sign(
        assignment=fresh(order["assignment"]), actor=order["official"]
    )
    return order


def test_the_hotline_relays_the_first_contact_to_a_confidential_caller(confidential_order):
    order = confidential_order
    request = unit_actions.assignment_request_relay(
        assignment=order["assignment"], actor=order["official"], reason="请告知：周三上门查看"
    )
    with pytest.raises(ValidationError):  # one waiting relay at a time
        unit_actions.assignment_request_relay(
            assignment=fresh(order["assignment"]), actor=order["official"], reason="再次"
        )
    with pytest.raises(AssignmentForbidden):  # relaying is the hotline's
        hotline_actions.relay_decide(request=request, actor=order["official"], approve=True)

    hotline_actions.relay_decide(
        request=request, actor=order["dispatcher"], approve=True, note="市民同意周三"
    )

    a = fresh(order["assignment"])
    contact = ContactRecord.objects.get(assignment=a)
    assert (a.status, contact.method, contact.note) == ("contacted", "relay", "市民同意周三")
    assert contact.recorded_by == order["dispatcher"]
    assert a.clocks.get(kind="contact").result == "met"
    assert UnitRequest.objects.get().decision == "approved"
    assert TicketEvent.objects.filter(action="contact", payload__method="relay").count() == 1


def test_a_refused_relay_leaves_the_order_to_ask_again(confidential_order):
    order = confidential_order
    request = unit_actions.assignment_request_relay(
        assignment=order["assignment"], actor=order["official"], reason="请转达"
    )
    hotline_actions.relay_decide(request=request, actor=order["dispatcher"], approve=False, note="未接通")
    assert fresh(order["assignment"]).status == "signed" and not ContactRecord.objects.exists()
    unit_actions.assignment_request_relay(
        assignment=fresh(order["assignment"]), actor=order["official"], reason="再请转达"
    )


def test_a_caller_who_is_not_confidential_is_called_by_the_unit_itself(order):
    a = unit_actions.assignment_sign(assignment=order["assignment"], actor=order["official"])
    with pytest.raises(ValidationError):
        unit_actions.assignment_request_relay(assignment=a, actor=order["official"], reason="请转达")
    assert not UnitRequest.objects.exists()
