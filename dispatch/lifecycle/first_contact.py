"""First contact (联系诉求人): the lead unit's officials may see the caller's full number of their
own active order, logged like the hotline's reveals; a confidential caller stays hidden from units
(they ask the hotline to relay instead, ``unit_actions.assignment_request_relay``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dispatch.assignment_states import UNIT
from dispatch.models import Assignment
from dispatch.selectors import assignment_standings
from hotline.models import PhoneReveal

# The order is the unit's and still being worked on (a return asked for is not decided yet).
ACTIVE = frozenset(Assignment.Status) - {Assignment.Status.RETURNED, Assignment.Status.CLOSED}


def unit_may_reveal_phone(user, assignment: Assignment) -> bool:
    ticket = assignment.ticket
    return (
        assignment.role == Assignment.Role.LEAD
        and assignment.status in ACTIVE
        and not ticket.confidential
        and not ticket.caller_anonymous
        and bool(ticket.caller_phone)
        and UNIT in assignment_standings(user, assignment)
    )


@transaction.atomic
def assignment_reveal_phone(*, assignment: Assignment, user) -> str:
    """The caller's full number for a member of the lead unit, logged (who, when, which ticket);
    anyone else is refused and nothing is logged."""
    if not unit_may_reveal_phone(user, assignment):
        raise PermissionDenied
    PhoneReveal.objects.create(ticket=assignment.ticket, user=user)
    return assignment.ticket.caller_phone


def unit_reveal_assignment(user, ticket) -> Assignment | None:
    """For the ticket page: the user's own lead assignment whose caller they may reveal, if any."""
    leads = ticket.assignments.filter(role=Assignment.Role.LEAD, status__in=ACTIVE).select_related(
        "unit", "ticket"
    )
    return next((lead for lead in leads if unit_may_reveal_phone(user, lead)), None)
