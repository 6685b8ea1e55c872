"""The lifecycle services against the database: every step writes its event, stops its clock, and
a double click applies once."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Role
from dispatch.assignment_states import AssignmentForbidden, AssignmentTransitionError
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.models import Assignment, Clock, UnitRequest
from dispatch.services import ticket_dispatch
from hotline.models import Callback, Ticket
from hotline.tests.factories import TicketFactory
from notifications.models import Notification
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


def fresh(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def test_the_whole_life_of_an_order(order):
    a, official, operator = order["assignment"], order["official"], order["operator"]
    assert {c.kind for c in a.clocks.all()} == {"sign", "contact", "reply"}

    a = unit_actions.assignment_sign(assignment=a, actor=official)
    a = unit_actions.assignment_contact(
        assignment=a,
        actor=official,
        contacted_at=timezone.now() - timedelta(minutes=1),
        method="phone",
        note="已电话联系",
    )
    a = unit_actions.assignment_start(assignment=a, actor=official)
    a = unit_actions.assignment_reply(assignment=a, actor=official, text="已清理占道摊位")
    hotline_actions.assignment_callback(
        assignment=fresh(a), actor=operator, solved="solved", satisfaction="satisfied"
    )
    ticket = hotline_actions.assignment_close(assignment=fresh(a), actor=operator)

    assert ticket.status == Ticket.Status.CLOSED and fresh(a).status == "closed"
    assert {c.kind: c.result for c in a.clocks.all()} == {"sign": "met", "contact": "met", "reply": "met"}
    actions = list(ticket.events.values_list("action", flat=True))
    assert actions[-7:] == ["sign", "contact", "start", "reply", "callback", "close", "close"]
    assert a.contacts.get().note == "已电话联系"
    assert Callback.objects.get(ticket=ticket).satisfaction == "satisfied"


def test_a_double_click_applies_once(order):
    a, official = order["assignment"], order["official"]
    stale = fresh(a)
    unit_actions.assignment_sign(assignment=a, actor=official)
    with pytest.raises(AssignmentTransitionError):
        unit_actions.assignment_sign(assignment=stale, actor=official)
    assert order["ticket"].events.filter(action="sign").count() == 1


def test_other_streets_and_the_hotline_cannot_sign(order, make_user):
    with pytest.raises(AssignmentForbidden):
        unit_actions.assignment_sign(assignment=order["assignment"], actor=make_user(Role.STREET_OFFICIAL))
    with pytest.raises(AssignmentForbidden):
        unit_actions.assignment_sign(assignment=order["assignment"], actor=order["dispatcher"])


def test_return_approved_goes_to_the_suggested_unit_with_fresh_clocks(order):
    a, official = order["assignment"], order["official"]
    department = DepartmentFactory()
    request = unit_actions.assignment_request_return(
        assignment=a, actor=official, reason="属于城管执法职责", suggested_unit=department
    )
    with pytest.raises(ValidationError):  # one pending return at a time
        unit_actions.assignment_request_return(
            assignment=fresh(a), actor=official, reason="再次", suggested_unit=department
        )
    hotline_actions.return_decide(request=request, actor=order["dispatcher"], approve=True, note="同意")

    assert fresh(a).status == "returned"
    assert set(a.clocks.values_list("result", flat=True)) == {"cancelled"}
    new = order["ticket"].assignments.get(unit=department)
    assert (new.role, new.status, new.clocks.count()) == ("lead", "dispatched", 3)
    assert UnitRequest.objects.get().decision == "approved"


def test_return_refused_the_unit_keeps_it(order):
    request = unit_actions.assignment_request_return(
        assignment=order["assignment"], actor=order["official"], reason="不是我们的"
    )
    hotline_actions.return_decide(request=request, actor=order["dispatcher"], approve=False, note="属地管理")
    assert fresh(order["assignment"]).status == "signed"
    with pytest.raises(AssignmentTransitionError):
        hotline_actions.return_decide(request=request, actor=order["dispatcher"], approve=True)


def test_extension_within_the_limit_moves_the_reply_deadline(order):
    a, official = order["assignment"], order["official"]
    a = unit_actions.assignment_sign(assignment=a, actor=official)
    due_before = a.clocks.get(kind="reply").due_at
    request = unit_actions.assignment_request_extension(
        assignment=a, actor=official, reason="需协调产权单位", extra_days=3
    )
    hotline_actions.extension_decide(request=request, actor=order["dispatcher"], approve=True)
    a = fresh(a)
    assert a.clocks.get(kind="reply").due_at > due_before and a.extensions_used == 1
    limit = a.clocks.get(kind="reply").policy.max_extensions
    if a.extensions_used >= limit:
        with pytest.raises(ValidationError):
            unit_actions.assignment_request_extension(
                assignment=a, actor=official, reason="还要", extra_days=2
            )


def test_redo_after_a_dissatisfied_callback_starts_a_new_cycle(order):
    a, official, operator = order["assignment"], order["official"], order["operator"]
    a = unit_actions.assignment_sign(assignment=a, actor=official)
    a = unit_actions.assignment_contact(
        assignment=a, actor=official, contacted_at=timezone.now(), method="phone"
    )
    a = unit_actions.assignment_reply(assignment=a, actor=official, text="已处理")
    hotline_actions.assignment_callback(
        assignment=fresh(a), actor=operator, solved="not_solved", satisfaction="dissatisfied"
    )
    a = hotline_actions.assignment_redo(assignment=fresh(a), actor=operator, reason="市民反映仍未解决")

    assert (a.status, a.cycle) == ("dispatched", 2)
    assert Clock.objects.filter(assignment=a, cycle=1).count() == 3
    assert set(Clock.objects.filter(assignment=a, cycle=2).values_list("kind", flat=True)) == {
        "sign",
        "contact",
        "reply",
    }


def test_redo_needs_a_bad_callback(order):
    a, official, operator = order["assignment"], order["official"], order["operator"]
    a = unit_actions.assignment_sign(assignment=a, actor=official)
    a = unit_actions.assignment_contact(
        assignment=a, actor=official, contacted_at=timezone.now(), method="phone"
    )
    a = unit_actions.assignment_reply(assignment=a, actor=official, text="已处理")
    hotline_actions.assignment_callback(
        assignment=fresh(a), actor=operator, solved="solved", satisfaction="satisfied"
    )
    with pytest.raises(ValidationError):
        hotline_actions.assignment_redo(assignment=fresh(a), actor=operator, reason="无理由")


def test_a_street_order_reaches_the_street_and_is_copied_to_its_district(
    make_user, django_capture_on_commit_callbacks
):
    district = DistrictFactory()
    street = StreetFactory(parent=district)
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    supervisor = make_user(Role.DISTRICT_SUPERVISOR, unit=district)
    other_supervisor = make_user(Role.DISTRICT_SUPERVISOR)
    ticket = TicketFactory()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))
    kinds = dict(Notification.objects.filter(ticket=ticket).values_list("user_id", "kind"))
    assert kinds == {official.pk: "dispatched", supervisor.pk: "dispatched_copy"}
    assert other_supervisor.pk not in kinds
