from django.core.exceptions import PermissionDenied

from hotline.models import PhoneReveal, Ticket
from hotline.selectors.tickets import may_reveal_phone


def ticket_reveal_phone(*, ticket: Ticket, user) -> str:
    """Show the full number to a hotline user, and log who saw it, when and for which ticket."""
    if not may_reveal_phone(user):
        raise PermissionDenied
    PhoneReveal.objects.create(ticket=ticket, user=user)
    return ticket.caller_phone
