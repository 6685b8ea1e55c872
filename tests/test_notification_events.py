"""Acceptance: every event of ``notifications.events.EVENTS``, caused through its real service, tells
exactly the people the table names — each of them once, nobody else — and causing it again (a
second click, a rerun sweep, a repeated announcement) tells nobody twice. It spans dispatch,
streets and departments, so it lives with the project's tests."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django.utils import timezone

from accounts.models import Role
from core.transitions import TransitionError
from departments.services import summons_arrive
from dispatch.enforcement.run import clocks_enforce
from dispatch.lifecycle import hotline_actions, sub_orders, unit_actions
from dispatch.models import Assignment, Clock
from dispatch.notices import assignment_notify
from dispatch.services import assignments_announce, ticket_dispatch
from hotline.tests.factories import TicketFactory
from notifications.events import EVENTS
from notifications.models import Notification
from streets.enforcement import summonses_enforce
from streets.models import WhistleDomain
from streets.services import summonses_announce, whistle_blow, whistle_escalate, whistle_escalation_announce
from supervision.enforcement import supervision_enforce
from supervision.services import order_announce, supervision_answer, supervision_issue
from units.tests.factories import CommunityFactory, DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w(make_user):
    """A street with two officials and a community's staff, a sibling street and a department in the
    same district, another district, two dispatchers, and people in roles no event concerns."""
    call_command("load_deadline_policies")
    district, far_district = DistrictFactory(), DistrictFactory()
    street, sibling = StreetFactory(parent=district), StreetFactory(parent=district)
    department = DepartmentFactory(parent=district)
    official = make_user(Role.STREET_OFFICIAL, unit=street)
    official.user_permissions.add(
        Permission.objects.get(codename="blow_whistle", content_type__app_label="streets")
    )
    people = SimpleNamespace(
        official=official,
        colleague=make_user(Role.STREET_OFFICIAL, unit=street),
        sibling=make_user(Role.STREET_OFFICIAL, unit=sibling),
        community_staff=make_user(Role.SUB_UNIT_STAFF, unit=CommunityFactory(parent=street)),
        staff=make_user(Role.DEPARTMENT_STAFF, unit=department),
        other_staff=make_user(Role.DEPARTMENT_STAFF),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        far_supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=far_district),
        dispatcher=make_user(Role.DISPATCHER),
        second_dispatcher=make_user(Role.DISPATCHER),
        operator=make_user(Role.OPERATOR),
        leader=make_user(Role.LEADER),
        no_role=make_user(),
    )
    return SimpleNamespace(street=street, sibling=sibling, department=department, people=people)


# Who each event must reach, by the names of ``w.people``.
STREET = {"official", "colleague"}
DISTRICT = {"supervisor"}
DISPATCHERS = {"dispatcher", "second_dispatcher"}
DEPARTMENT = {"staff"}
COMMUNITY = {"community_staff"}


def refused(step):
    """A repeated step the state guard refuses: nothing it wrote stays."""
    with pytest.raises((ValidationError, TransitionError)), transaction.atomic():
        step()


def order(w, *, assisting=()):
    ticket = TicketFactory(tier="T3")
    ticket_dispatch(
        ticket=ticket, lead_unit=w.street, actor=w.people.dispatcher, assisting_units=list(assisting)
    )
    return ticket.assignments.get(unit=w.street)


def fresh(assignment):
    return Assignment.objects.get(pk=assignment.pk)


def replied(w):
    a = order(w)
    official = w.people.official
    a = unit_actions.assignment_sign(assignment=a, actor=official)
    a = unit_actions.assignment_contact(
        assignment=a, actor=official, contacted_at=timezone.now(), method="phone"
    )
    return unit_actions.assignment_reply(assignment=a, actor=official, text="已处理")


def called_back(w, satisfaction):
    a = replied(w)
    hotline_actions.assignment_callback(
        assignment=a, actor=w.people.operator, solved="not_solved", satisfaction=satisfaction
    )
    return fresh(a)


def requested(w, kind):
    a = unit_actions.assignment_sign(assignment=order(w), actor=w.people.official)
    if kind == "return":
        return unit_actions.assignment_request_return(
            assignment=a, actor=w.people.official, reason="不属本街", suggested_unit=w.sibling
        )
    return unit_actions.assignment_request_extension(
        assignment=a, actor=w.people.official, reason="需协调", extra_days=3
    )


def decide(w, kind, approve):
    request = requested(w, kind)
    decide = hotline_actions.return_decide if kind == "return" else hotline_actions.extension_decide
    decide(request=request, actor=w.people.dispatcher, approve=approve, note="")
    return lambda: refused(
        lambda: decide(request=request, actor=w.people.dispatcher, approve=approve, note="")
    )


def dispatched(w):
    a = order(w)
    return lambda: assignments_announce([a])


def request_case(kind):
    def trigger(w):
        request = requested(w, kind)
        step = (
            unit_actions.assignment_request_return
            if kind == "return"
            else unit_actions.assignment_request_extension
        )
        extra = {"suggested_unit": w.sibling} if kind == "return" else {"extra_days": 3}
        return lambda: refused(
            lambda: step(
                assignment=fresh(request.assignment), actor=w.people.official, reason="再次", **extra
            )
        )

    return trigger


def reply_case(w):
    a = replied(w)
    return lambda: refused(
        lambda: unit_actions.assignment_reply(assignment=fresh(a), actor=w.people.official, text="再次")
    )


def assist_case(w):
    order(w, assisting=[w.department])
    helper = Assignment.objects.get(unit=w.department)
    helper = unit_actions.assignment_sign(assignment=helper, actor=w.people.staff)
    unit_actions.assignment_report(assignment=helper, actor=w.people.staff, text="已配合")
    return lambda: refused(
        lambda: unit_actions.assignment_report(assignment=fresh(helper), actor=w.people.staff, text="再次")
    )


def handed_down(w):
    a = unit_actions.assignment_sign(assignment=order(w), actor=w.people.official)
    community = w.people.community_staff.memberships.get().unit

    def issue():
        return sub_orders.sub_order_issue(
            assignment=a,
            actor=w.people.official,
            sub_unit=community,
            note="请社区核实",
            deadline=timezone.now() + timedelta(hours=1),
        )

    return issue(), issue


def handed_down_case(w):
    _sub_order, issue = handed_down(w)
    return lambda: refused(issue)  # the same sub-unit again while its order is open


def sub_reported_case(w):
    sub_order, _issue = handed_down(w)
    staff = w.people.community_staff
    sub_order = sub_orders.sub_order_sign(sub_order=sub_order, actor=staff)
    sub_order = sub_orders.sub_order_report(sub_order=sub_order, actor=staff, text="已核实")
    return lambda: refused(lambda: sub_orders.sub_order_report(sub_order=sub_order, actor=staff, text="再次"))


def escalate_case(w):
    a = unit_actions.assignment_sign(assignment=order(w), actor=w.people.official)
    a = unit_actions.assignment_escalate(assignment=a, actor=w.people.official, reason="需区里协调")
    # Escalating again is a new request to the district; the same escalation announced again is not.
    return lambda: assignment_notify("escalated", a, occurrence=a.status_changed_at.isoformat())


def callback_case(satisfaction):
    def trigger(w):
        a = called_back(w, satisfaction)
        return lambda: refused(
            lambda: hotline_actions.assignment_callback(
                assignment=fresh(a), actor=w.people.operator, satisfaction="satisfied"
            )
        )

    return trigger


def redo_case(w):
    a = called_back(w, "dissatisfied")
    hotline_actions.assignment_redo(assignment=a, actor=w.people.dispatcher, reason="未解决")
    return lambda: refused(
        lambda: hotline_actions.assignment_redo(assignment=fresh(a), actor=w.people.dispatcher, reason="再次")
    )


def deadline_case(breach):
    def trigger(w):
        reply = order(w).clocks.get(kind=Clock.Kind.REPLY)
        # The reply clock alone is past its warning point (or its deadline) then.
        now = reply.due_at + timedelta(minutes=1) if breach else reply.warn_at + timedelta(minutes=1)
        Clock.objects.exclude(pk=reply.pk).update(
            due_at=now + timedelta(days=30), warn_at=now + timedelta(days=29)
        )
        clocks_enforce(now=now)
        return lambda: clocks_enforce(now=now + timedelta(minutes=5))

    return trigger


def whistle(w):
    return whistle_blow(
        actor=w.people.official,
        street=w.street,
        domain=WhistleDomain.objects.get(code="joint_enforcement"),
        urgency="emergency",
        address="团结湖路1号",
        description="占道经营",
        departments=[w.department],
    )


def summoned_case(w):
    blown = whistle(w)
    return lambda: summonses_announce(blown, list(blown.summonses.all()))


def arrived_case(w):
    summons = whistle(w).summonses.get()
    summons_arrive(summons=summons, actor=w.people.staff)
    return lambda: refused(lambda: summons_arrive(summons=summons, actor=w.people.staff))


def whistle_escalated_case(w):
    escalated = whistle_escalate(whistle=whistle(w), actor=w.people.official, reason="需区里协调")
    return lambda: whistle_escalation_announce(escalated)


def late_case(w):
    summons = whistle(w).summonses.get()
    later = summons.arrive_due + timedelta(minutes=1)
    summonses_enforce(now=later)
    return lambda: summonses_enforce(now=later + timedelta(minutes=5))


def supervision_order(w):
    return supervision_issue(actor=w.people.dispatcher, unit=w.street, subject="积水", reason="多次来电")


def supervision_issued_case(w):
    order = supervision_order(w)
    return lambda: order_announce(order)


def supervision_overdue_case(w):
    later = supervision_order(w).deadline + timedelta(minutes=1)
    supervision_enforce(now=later)
    return lambda: supervision_enforce(now=later + timedelta(minutes=5))


def supervision_answered_case(w):
    order = supervision_answer(order=supervision_order(w), actor=w.people.official, text="已疏通")
    return lambda: refused(lambda: supervision_answer(order=order, actor=w.people.official, text="再次"))


# event → (cause it through its service, returning how to cause it again; who must hear of it)
CASES = {
    "dispatched": (dispatched, STREET),
    "dispatched_copy": (dispatched, DISTRICT),
    "return_requested": (request_case("return"), DISPATCHERS),
    "extension_requested": (request_case("extension"), DISPATCHERS),
    "return_approved": (lambda w: decide(w, "return", True), STREET),
    "return_refused": (lambda w: decide(w, "return", False), STREET),
    "extension_approved": (lambda w: decide(w, "extension", True), STREET),
    "extension_refused": (lambda w: decide(w, "extension", False), STREET),
    "replied": (reply_case, DISPATCHERS),
    "assist_reported": (assist_case, STREET),
    "escalated": (escalate_case, DISTRICT),
    "handed_down": (handed_down_case, COMMUNITY),
    "sub_order_reported": (sub_reported_case, STREET),
    "callback_recorded": (callback_case("satisfied"), STREET),
    "callback_dissatisfied": (callback_case("dissatisfied"), DISTRICT),
    "redo": (redo_case, STREET),
    "deadline_warning": (deadline_case(breach=False), STREET),
    "deadline_breach": (deadline_case(breach=True), STREET | DISTRICT | DISPATCHERS),
    "summoned": (summoned_case, DEPARTMENT),
    "summons_arrived": (arrived_case, STREET),
    "whistle_escalated": (whistle_escalated_case, DISTRICT),
    "summons_late_acknowledge": (late_case, DEPARTMENT | STREET),
    "summons_late_arrival": (late_case, DEPARTMENT | STREET | DISTRICT),
    "supervision_issued": (supervision_issued_case, STREET),
    "supervision_overdue": (supervision_overdue_case, STREET | DISTRICT),
    "supervision_answered": (supervision_answered_case, {"dispatcher"}),
}


def test_every_event_of_the_table_has_a_case():
    assert set(CASES) == set(EVENTS)


def told(w, event) -> dict[str, int]:
    names = {person.pk: name for name, person in vars(w.people).items()}
    counts = Notification.objects.filter(kind=event).values("user").annotate(n=Count("pk"))
    return {names[row["user"]]: row["n"] for row in counts}


@pytest.mark.parametrize("event", list(CASES))
def test_an_event_tells_the_people_the_table_names_once(w, event):
    trigger, expected = CASES[event]
    again = trigger(w)
    assert told(w, event) == dict.fromkeys(expected, 1)

    again()
    assert told(w, event) == dict.fromkeys(expected, 1)


def test_a_second_escalation_is_told_again_but_a_callback_that_satisfies_tells_no_district(w):
    a = unit_actions.assignment_sign(assignment=order(w), actor=w.people.official)
    for _ in range(2):
        a = unit_actions.assignment_escalate(assignment=a, actor=w.people.official, reason="需区里协调")
    assert told(w, "escalated") == {"supervisor": 2}

    called_back(w, "satisfied")
    assert told(w, "callback_dissatisfied") == {}


def test_the_text_is_stored_in_the_site_language_whatever_the_caller_speaks(w):
    from django.utils import translation

    with translation.override("en"):
        requested(w, "return")
    text = Notification.objects.get(kind="return_requested", user=w.people.dispatcher).text
    assert "不属本街" in text and "asks to return" not in text
