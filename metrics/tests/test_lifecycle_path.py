"""The figures from orders handled through the real lifecycle services (dispatch, sign, contact,
reply, callback, redo, return), not from rows built by hand."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Role
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.models import Assignment
from dispatch.services import ticket_dispatch
from hotline.tests.factories import TicketFactory
from metrics.computation import Rate, rate_assignments, unit_counts
from metrics.formulas import Counts
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


def fresh(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def handle(assignment, official, operator, *, solved, satisfaction):
    assignment = unit_actions.assignment_sign(assignment=fresh(assignment), actor=official)
    assignment = unit_actions.assignment_contact(
        assignment=assignment, actor=official, contacted_at=timezone.now(), method="phone"
    )
    assignment = unit_actions.assignment_reply(assignment=assignment, actor=official, text="已处理")
    hotline_actions.assignment_callback(
        assignment=fresh(assignment), actor=operator, solved=solved, satisfaction=satisfaction
    )
    return fresh(assignment)


def test_figures_follow_the_lifecycle(make_user):
    call_command("load_deadline_policies")
    district = DistrictFactory()
    street, other = StreetFactory(parent=district), StreetFactory(parent=district)
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    dispatcher, operator = make_user(Role.DISPATCHER), make_user(Role.OPERATOR)

    def dispatched(unit):
        ticket = TicketFactory(tier="T3")
        ticket_dispatch(ticket=ticket, lead_unit=unit, actor=dispatcher)
        return ticket.assignments.get()

    # 1. Handled in time, "solved, basically satisfied".
    plain = handle(dispatched(street), official, operator, solved="solved", satisfaction="basic")
    # 2. "Not solved" → redo → handled again → "solved, satisfied": the later answer counts and
    #    the response is counted once (cycle 1).
    redone = handle(dispatched(street), official, operator, solved="not_solved", satisfaction="dissatisfied")
    redone = hotline_actions.assignment_redo(assignment=redone, actor=dispatcher, reason="未解决")
    handle(redone, official, operator, solved="solved", satisfaction="satisfied")
    # 3. Returned to the other street: the street's cancelled clocks do not count; the other
    #    street's new order, never touched, counts as not responded once its contact deadline passed.
    returned = dispatched(street)
    request = unit_actions.assignment_request_return(
        assignment=returned, actor=official, reason="不属本街道", suggested_unit=other
    )
    hotline_actions.return_decide(request=request, actor=dispatcher, approve=True, note="改派")

    start, end = timezone.now() - timedelta(days=1), timezone.now() + timedelta(days=40)
    later = timezone.now() + timedelta(days=30)  # every contact deadline has passed by then
    counts = unit_counts(unit_kind="street", start=start, end=end, as_of=later)
    # Reply deadlines: the plain order's and both cycles of the redone one, all met (the returned
    # order's was cancelled); its return is counted, and as a mis-dispatch since it was approved.
    assert counts[street.pk] == Counts(
        response_met=2,
        response_due=2,
        solved=2,
        partly=0,
        satisfied=1,
        basic=1,
        valid_callbacks=2,
        reply_met=3,
        reply_due=3,
        returns=1,
        misdispatches=1,
    )
    # The other street's order, never touched: its reply deadline passed too — not replied.
    assert counts[other.pk] == Counts(response_met=0, response_due=1, reply_met=0, reply_due=1, not_replied=1)
    # Before the other street's contact deadline, its running clock is not counted yet.
    assert other.pk not in unit_counts(unit_kind="street", start=start, end=end)

    satisfaction = rate_assignments(unit=street, rate=Rate.SATISFACTION, start=start, end=end)
    assert set(satisfaction["satisfied"]) == {fresh(redone)}
    assert set(satisfaction["basic"]) == {plain}


def test_an_approved_extension_moves_the_reply_deadline_the_assessment_reads(make_user):
    call_command("load_deadline_policies")
    street = StreetFactory(parent=DistrictFactory())
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(tier="T3")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    assignment = unit_actions.assignment_sign(assignment=ticket.assignments.get(), actor=official)
    assignment = unit_actions.assignment_contact(
        assignment=assignment, actor=official, contacted_at=timezone.now(), method="phone"
    )
    first_due = assignment.clocks.get(kind="reply").due_at
    request = unit_actions.assignment_request_extension(
        assignment=assignment, actor=official, reason="需协调产权单位", extra_days=10
    )
    hotline_actions.extension_decide(request=request, actor=dispatcher, approve=True)
    extended_due = assignment.clocks.get(kind="reply").due_at
    assert extended_due > first_due + timedelta(days=10)

    start, end = first_due - timedelta(days=30), extended_due + timedelta(days=30)
    # Past the first deadline but within the extension: nothing is due yet, nothing is late.
    within = unit_counts(unit_kind="street", start=start, end=end, as_of=first_due + timedelta(days=1))
    assert (within[street.pk].reply_due, within[street.pk].not_replied) == (0, 0)
    # Past the extended deadline without a reply: due, missed, not replied.
    after = unit_counts(unit_kind="street", start=start, end=end, as_of=extended_due + timedelta(hours=1))
    assert (after[street.pk].reply_due, after[street.pk].reply_met, after[street.pk].not_replied) == (1, 0, 1)
    # Replied now, within the extension: on time.
    unit_actions.assignment_reply(assignment=fresh(assignment), actor=official, text="已协调处理")
    replied = unit_counts(unit_kind="street", start=start, end=end, as_of=extended_due + timedelta(hours=1))
    assert (replied[street.pk].reply_due, replied[street.pk].reply_met, replied[street.pk].not_replied) == (
        1,
        1,
        0,
    )
