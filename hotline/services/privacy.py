from django.core.exceptions import PermissionDenied

from accounts.selectors import user_has_role
from hotline.models import PhoneReveal, Ticket
from hotline.ticket_states import HOTLINE


def ticket_reveal_phone(*, ticket: Ticket, user) -> str:
    """Show the full number to a hotline user, and log who saw it, when and for which ticket."""
    if not user_has_role(user, *HOTLINE):
        raise PermissionDenied
    PhoneReveal.objects.create(ticket=ticket, user=user)
    return ticket.caller_phone
