from hotline.models.reference import Category, RequestType, Tag, Tier
from hotline.models.ticket import (
    CLOSING_DISPOSITIONS,
    Attachment,
    Callback,
    CallbackLink,
    Channel,
    Disposition,
    PhoneReveal,
    Ticket,
    TicketSequence,
)
from hotline.models.ticket_event import TicketEvent

__all__ = [
    "Attachment",
    "CLOSING_DISPOSITIONS",
    "Callback",
    "CallbackLink",
    "Category",
    "Channel",
    "Disposition",
    "PhoneReveal",
    "RequestType",
    "Tag",
    "Ticket",
    "TicketEvent",
    "TicketSequence",
    "Tier",
]
