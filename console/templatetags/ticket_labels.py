from django import template
from django.utils.translation import gettext_lazy as _

from dispatch.assignment_states import ASSIGNMENT_MOVES
from dispatch.models import Assignment, SubOrder
from dispatch.sub_order_states import EVENT_LABELS as SUB_ORDER_LABELS
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
    **SUB_ORDER_LABELS,
}


@register.filter
def action_label(action: str) -> str:
    return EVENT_LABELS.get(action, action)


@register.filter
def status_label(status: str, action: str = "") -> str:
    """A state's words; a handed-down order's hops (``action`` one of its) in its own."""
    if action in SUB_ORDER_LABELS and status in SubOrder.Status.values:
        return SubOrder.Status(status).label
    for states in (Ticket.Status, Assignment.Status):
        if status in states.values:
            return states(status).label
    return status
