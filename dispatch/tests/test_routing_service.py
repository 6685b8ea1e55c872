"""Routing a filed ticket: stored decisions, automatic dispatch when sure, the queue otherwise, and
learning from a dispatcher's correction."""

import pytest

from accounts.models import Role
from dispatch.models import PlaceAlias, RoutingDecision
from dispatch.services import ticket_dispatch, ticket_route
from dispatch.tasks import route_ticket
from hotline.models import Category, Ticket
from hotline.services.intake import TicketDraft, ticket_create
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_routing")]


def file_call(address: str, category: str = "占道经营", content: str = "门口占道经营") -> Ticket:
    from hotline.models import RequestType

    draft = TicketDraft(
        channel="phone",
        request_type=RequestType.objects.get(code="complaint"),
        category=Category.objects.get(level=3, name=category),
        content=content,
        caller_phone="13812345678",
        address=address,
    )
    return ticket_create(draft=draft)[0]


def test_a_sure_decision_is_stored_and_applied(beijing):
    ticket = file_call("朝阳区团结湖街道团结湖北里3号楼")
    decision = ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert decision.applied and decision.lead_unit.code == "110105013"
    assert ticket.status == "dispatched"
    assignment = ticket.assignments.get()
    assert (assignment.unit.code, assignment.role, assignment.assigned_by) == ("110105013", "lead", None)
    event = ticket.events.get(action="dispatch")
    assert event.actor is None and "territory" in event.reason


def test_an_unsure_decision_waits_in_the_queue_with_its_candidates(beijing):
    ticket = file_call("八里庄街道某小区门口")
    decision = ticket_route(ticket_id=ticket.pk)
    ticket.refresh_from_db()
    assert (decision.status, decision.applied, ticket.status) == ("ambiguous", False, "pending")
    assert len(decision.candidates) >= 2


def test_the_task_run_twice_routes_once(beijing):
    ticket = file_call("我家楼下")
    assert route_ticket(ticket.pk) == "queued"
    assert route_ticket(ticket.pk) == "skipped"
    assert RoutingDecision.objects.filter(ticket=ticket).count() == 1


def test_filing_a_call_routes_it_once_committed(beijing, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = file_call("东城区东华门街道南池子大街")
    ticket.refresh_from_db()
    assert ticket.status == "dispatched"
    assert ticket.assignments.get().unit.code == "110101001"


def test_a_correction_teaches_the_router_the_compound(beijing, make_user):
    dispatcher = make_user(Role.DISPATCHER, username="d1")
    first = file_call("幸福家园小区5号楼2单元301")
    assert ticket_route(ticket_id=first.pk).status == "queued"

    ticket_dispatch(ticket=first, lead_unit=Unit.objects.get(code="110105013"), actor=dispatcher)

    alias = PlaceAlias.objects.get()
    assert (alias.phrase, alias.unit.code, alias.source, alias.confirmations) == (
        "幸福家园小区",
        "110105013",
        "learned",
        1,
    )
    second = file_call("幸福家园小区8号楼")
    decision = ticket_route(ticket_id=second.pk)
    second.refresh_from_db()
    assert (decision.applied, decision.lead_unit.code, second.status) == (True, "110105013", "dispatched")
    assert any(item.get("kind") == "alias" for item in decision.evidence)


def test_an_undone_correction_no_longer_routes(beijing, make_user):
    from dispatch.routing.gazetteer import gazetteer_changed

    first = file_call("幸福家园小区5号楼")
    ticket_route(ticket_id=first.pk)
    ticket_dispatch(
        ticket=first, lead_unit=Unit.objects.get(code="110105013"), actor=make_user(Role.DISPATCHER)
    )
    PlaceAlias.objects.update(is_active=False)  # what the admin's "deactivate" does
    gazetteer_changed()
    second = file_call("幸福家园小区8号楼")
    assert ticket_route(ticket_id=second.pk).status == "queued"


def test_confirming_the_proposal_teaches_nothing(beijing, make_user, settings):
    settings.ROUTING_AUTO_DISPATCH_CONFIDENCE = 1.01  # nothing is applied: a dispatcher confirms
    ticket = file_call("朝阳区团结湖街道幸福家园小区3号楼")
    decision = ticket_route(ticket_id=ticket.pk)
    assert (decision.applied, decision.lead_unit.code) == (False, "110105013")
    ticket_dispatch(ticket=ticket, lead_unit=decision.lead_unit, actor=make_user(Role.DISPATCHER))
    assert not PlaceAlias.objects.exists()
