"""Dispatch (派单): routing a ticket, giving it to its lead unit and any assisting units, and
learning from dispatchers' corrections."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.deadlines.clocks import assignments_clocks_start, clocks_start
from dispatch.models import Assignment, PlaceAlias, RoutingDecision
from dispatch.notices import assignment_subject
from dispatch.place_phrase import compound_phrase
from dispatch.router import Decision, RouteInput, route
from dispatch.routing.gazetteer import gazetteer_changed
from hotline.caller import address_key
from hotline.models import Ticket
from hotline.selectors.reference import ticket_reference
from hotline.services.transitions import ticket_event_record, ticket_transition
from notifications.services import notify_events
from units.models import Unit

DISPATCHABLE_KINDS = {Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE}
# Shorter phrases say too little to be remembered as a place of their own.
MIN_LEARNED_PHRASE = 4


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, lead_unit: Unit, actor, assisting_units=(), reason: str = "", action: str = "dispatch"
) -> Ticket:
    """派单 to a lead unit and assisting units, their clocks started. ``action`` is the ticket's
    move: "dispatch" by the hotline (or the router), "assign" by a leader giving an item (领导交办,
    fieldreports), which the router does not learn places from."""
    units = [lead_unit, *assisting_units]
    if any(unit.kind not in DISPATCHABLE_KINDS or not unit.is_active for unit in units):
        raise ValidationError(
            {"lead_unit": _("Dispatch to a district, street/township, department or utility.")}
        )
    if len({unit.pk for unit in units}) != len(units):
        raise ValidationError({"assisting_units": _("A unit can appear only once.")})
    ticket = ticket_transition(
        ticket=ticket,
        action=action,
        actor=actor,
        unit=lead_unit,
        reason=reason,
        payload={"lead": lead_unit.name, "assisting": [unit.name for unit in assisting_units]},
        is_public=True,
    )
    # Given together: one moment for every assignment and all their clocks.
    now = timezone.now()
    assignments = Assignment.objects.bulk_create(
        [
            Assignment(
                ticket=ticket, unit=lead_unit, role=Assignment.Role.LEAD, assigned_by=actor, assigned_at=now
            )
        ]
        + [
            Assignment(
                ticket=ticket, unit=unit, role=Assignment.Role.ASSIST, assigned_by=actor, assigned_at=now
            )
            for unit in assisting_units
        ]
    )
    assignments_clocks_start(assignments=assignments, start=now)
    assignments_announce(assignments)
    if actor is not None and action == "dispatch":
        _learn_from_dispatch(ticket=ticket, lead_unit=lead_unit)
    return ticket


@transaction.atomic
def assignment_redispatch(*, ticket: Ticket, lead_unit: Unit, actor, reason: str = "") -> Assignment:
    """改派 after an approved return: a new lead assignment with fresh clocks; the returned one stays
    in the history. Where the router had placed it, the correction is learned."""
    if lead_unit.kind not in DISPATCHABLE_KINDS or not lead_unit.is_active:
        raise ValidationError(
            {"new_unit": _("Dispatch to a district, street/township, department or utility.")}
        )
    if ticket.assignments.filter(unit=lead_unit).exists():
        raise ValidationError({"new_unit": _("This unit already had this ticket.")})
    assignment = Assignment.objects.create(
        ticket=ticket, unit=lead_unit, role=Assignment.Role.LEAD, assigned_by=actor
    )
    ticket_event_record(
        ticket=ticket,
        action="redispatch",
        actor=actor,
        unit=lead_unit,
        assignment=assignment,
        reason=reason,
        payload={"lead": lead_unit.name},
        is_public=True,
    )
    clocks_start(assignment=assignment, start=assignment.assigned_at)
    assignments_announce([assignment])
    _learn_from_dispatch(ticket=ticket, lead_unit=lead_unit)
    return assignment


def assignments_announce(assignments: list[Assignment]) -> None:
    """A new order reaches its unit's people; a copy (抄送) reaches the supervisors of the district the
    unit lies in, who watch their streets' and departments' orders (``notifications.events``).
    Written in the dispatching transaction: the notices exist exactly when the order does, with no
    broker in between (the unique dedupe key keeps a repeat from telling anyone twice); outside
    channels (SMS) follow through the outbox (notifications.senders). The recipients of all the
    assignments are read together and every notice goes in with one insert."""
    notify_events(
        (event, assignment_subject(assignment, dedupe_key=f"dispatched:{assignment.pk}"))
        for assignment in assignments
        for event in ("dispatched", "dispatched_copy")
    )


def route_input_for(ticket: Ticket) -> RouteInput:
    return RouteInput(
        category=ticket.category,
        request_type_code=ticket.request_type.code,
        address=ticket.address,
        content=ticket.content,
        longitude=float(ticket.longitude) if ticket.longitude is not None else None,
        latitude=float(ticket.latitude) if ticket.latitude is not None else None,
        received_at=ticket.received_at,
    )


def _store(ticket: Ticket, decision: Decision, *, applied: bool) -> RoutingDecision:
    stored = RoutingDecision.objects.create(
        ticket=ticket,
        status=decision.status,
        lead_unit=decision.lead_unit,
        district=decision.district,
        confidence=decision.confidence,
        rule=decision.rule,
        evidence=decision.evidence,
        candidates=decision.candidates,
        applied=applied,
    )
    # A new row has no assisting units yet: insert the links without asking which exist.
    RoutingDecision.assisting_units.through.objects.bulk_create(
        RoutingDecision.assisting_units.through(routingdecision=stored, unit=unit)
        for unit in decision.assisting_units
    )
    return stored


@transaction.atomic
def ticket_route(*, ticket_id: int, force: bool = False) -> RoutingDecision | None:
    """Route a waiting ticket once: store the decision, and dispatch at once when it is sure
    enough (settings.ROUTING_AUTO_DISPATCH_CONFIDENCE); otherwise it stays in the queue with its
    candidates. The row lock makes two runs at once route it once; ``force`` routes it again.

    Only the ticket's row is locked (``of=("self",)``: joined reference rows such as the category
    stay free, or every routing of that category would queue behind one lock, and deadlock with
    intake's key-share locks on them). After it, rows are only inserted, or updated in the order
    ticket → its own new rows, as every other writer of a ticket does."""
    ticket = Ticket.objects.select_for_update(of=("self",)).filter(pk=ticket_id).first()
    if ticket is None or ticket.status != Ticket.Status.PENDING:
        return None
    ticket_reference(ticket)  # its category and request type from this process's copy
    # A statement of its own, after the lock: in READ COMMITTED a subquery of the locking statement
    # keeps the snapshot taken before it waited, so it would miss the decision that the run it
    # waited for has just committed, and route the ticket a second time.
    if not force and ticket.routing_decisions.exists():
        return None
    decision = route(route_input_for(ticket))
    apply = (
        decision.status == RoutingDecision.Status.ROUTED
        and decision.lead_unit is not None
        and decision.confidence >= settings.ROUTING_AUTO_DISPATCH_CONFIDENCE
    )
    stored = _store(ticket, decision, applied=apply)
    if apply:
        ticket_dispatch(
            ticket=ticket,
            lead_unit=decision.lead_unit,
            assisting_units=decision.assisting_units,
            actor=None,
            reason=f"{decision.rule} ({decision.confidence:.2f})",
        )
    return stored


def _learn_from_dispatch(*, ticket: Ticket, lead_unit: Unit) -> None:
    """A dispatcher who sends a ticket somewhere the router did not propose teaches it: the
    ticket's normalised address now means that street (or district) — one more confirmation each
    time it happens again. Departments are not places, so only territorial units are learned."""
    if lead_unit.kind not in (Unit.Kind.STREET, Unit.Kind.DISTRICT):
        return
    if ticket.routing_decisions.values_list("lead_unit_id", flat=True).first() == lead_unit.pk:
        return
    phrase = compound_phrase(address_key(ticket.address), _admin_names(lead_unit))
    if len(phrase) >= MIN_LEARNED_PHRASE:
        place_alias_learn(phrase=phrase, unit=lead_unit)


def _admin_names(unit: Unit) -> set[str]:
    """District names (also as said: 朝阳区 → 朝阳) and the full names of the district's streets.
    Street short forms are left alone: compounds are often named after their street (团结湖北里)."""
    district_id = unit.pk if unit.kind == Unit.Kind.DISTRICT else unit.parent_id
    districts = list(Unit.objects.filter(kind=Unit.Kind.DISTRICT).values_list("name", flat=True))
    streets = Unit.objects.filter(parent_id=district_id, kind=Unit.Kind.STREET).values_list("name", flat=True)
    spoken = {name.removesuffix("区") for name in districts if len(name) > 2}
    return {*districts, *spoken, *streets}


@transaction.atomic
def place_alias_learn(*, phrase: str, unit: Unit) -> PlaceAlias:
    """One more confirmation that ``phrase`` means ``unit``; a different unit starts afresh."""
    alias, created = PlaceAlias.objects.select_for_update().get_or_create(
        phrase=phrase, defaults={"unit": unit, "source": PlaceAlias.Source.LEARNED}
    )
    if not created:
        if alias.unit_id == unit.pk:
            PlaceAlias.objects.filter(pk=alias.pk).update(
                confirmations=F("confirmations") + 1, is_active=True
            )
        else:
            alias.unit, alias.confirmations, alias.is_active = unit, 1, True
            alias.save(update_fields=["unit", "confirmations", "is_active", "updated_at"])
    gazetteer_changed()  # now, and again once committed (see core.process_copy)
    return alias
