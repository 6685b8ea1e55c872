from django import template
from django.utils.translation import gettext_lazy as _

from dispatch.assignment_states import ASSIGNMENT_MOVES
from dispatch.models import Assignment
from hotline.models import Ticket
from hotline.ticket_states import TICKET_MOVES

register = template.Library()

# Actions recorded as events without a state change, besides the table's own.
EVENT_LABELS = {
    "receive": _("Received"),
    "caller_added": _("Another caller merged in"),
    "callback": _("Callback"),
    "redispatch": _("Dispatched again"),
    "open311_publication": _("Open311 publication changed"),
    **{action: move.label for (_role, _state, action), move in ASSIGNMENT_MOVES.items()},
    **{action: move.label for (_state, action), move in TICKET_MOVES.items()},
}


@register.filter
def action_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


@register.filter
def status_label(status: str) -> str:
    for states in (Ticket.Status, Assignment.Status):
        if status in states.values:
            return states(status).label
    return status
