"""Dispatch (派单): give a ticket to its lead unit and any assisting units."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dispatch.models import Assignment
from hotline.models import Ticket
from hotline.services.transitions import ticket_transition
from units.models import Unit

DISPATCHABLE_KINDS = {Unit.Kind.DISTRICT, Unit.Kind.STREET, Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE}


@transaction.atomic
def ticket_dispatch(
    *, ticket: Ticket, lead_unit: Unit, actor, assisting_units=(), reason: str = ""
) -> Ticket:
    units = [lead_unit, *assisting_units]
    if any(unit.kind not in DISPATCHABLE_KINDS or not unit.is_active for unit in units):
        raise ValidationError(
            {"lead_unit": _("Dispatch to a district, street/township, department or utility.")}
        )
    if len({unit.pk for unit in units}) != len(units):
        raise ValidationError({"assisting_units": _("A unit can appear only once.")})
    ticket = ticket_transition(
        ticket=ticket,
        action="dispatch",
        actor=actor,
        unit=lead_unit,
        reason=reason,
        payload={"lead": lead_unit.name, "assisting": [unit.name for unit in assisting_units]},
        is_public=True,
    )
    Assignment.objects.bulk_create(
        [Assignment(ticket=ticket, unit=lead_unit, role=Assignment.Role.LEAD, assigned_by=actor)]
        + [
            Assignment(ticket=ticket, unit=unit, role=Assignment.Role.ASSIST, assigned_by=actor)
            for unit in assisting_units
        ]
    )
    return ticket
