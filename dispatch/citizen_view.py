"""What the citizen is told about their ticket (the public tracking page, the callback page): its
state in plain words, and the part of the lead unit's reply written for them. No personal data."""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import pgettext

from dispatch.assignment_states import WORKING
from dispatch.lifecycle.unit_actions import CITIZEN_TEXT
from dispatch.models import Assignment, Clock
from hotline.models import Ticket, TicketEvent

A = Assignment.Status
T = Ticket.Status
CLOSED_FOR_THE_CITIZEN = (T.ANSWERED, T.DISPOSED, T.CLOSED)
REPLIED_FOR_THE_CITIZEN = (A.REPLIED, A.CALLED_BACK)


def citizen_state_words(
    *, ticket_status: str, lead_status: str | None, cycle: int = 1, extended_to: date | None = None
) -> str:
    """已受理, 已派单, 办理中, 已反馈, 已办结, 重办中 or 延期至 <date>, from the ticket's status, its lead
    assignment's (None before dispatch), the lead's cycle (2+ after a redo) and the new reply date of
    an approved extension while the unit is still working."""
    if ticket_status in CLOSED_FOR_THE_CITIZEN:
        return pgettext("citizen state", "Closed")
    if ticket_status != T.DISPATCHED or lead_status is None:
        return pgettext("citizen state", "Received")
    if lead_status in REPLIED_FOR_THE_CITIZEN:
        return pgettext("citizen state", "Replied")
    if lead_status == A.CLOSED:
        return pgettext("citizen state", "Closed")
    if lead_status not in (A.DISPATCHED, *WORKING, A.RETURNING):
        return pgettext("citizen state", "Dispatched")  # returned: on its way to another unit
    if extended_to is not None and lead_status in WORKING:
        return pgettext("citizen state", "Extended to %(date)s") % {
            "date": formats.date_format(extended_to, "Y-m-d")
        }
    if cycle > 1:
        return pgettext("citizen state", "Being handled again")
    if lead_status == A.DISPATCHED:
        return pgettext("citizen state", "Dispatched")
    return pgettext("citizen state", "In progress")


@dataclass(frozen=True)
class CitizenReply:
    at: datetime
    unit: str
    text: str


@dataclass(frozen=True)
class CitizenSummary:
    state: str
    reply: CitizenReply | None


def _lead(ticket: Ticket) -> Assignment | None:
    return (
        ticket.assignments.filter(role=Assignment.Role.LEAD)
        .exclude(status=A.RETURNED)
        .select_related("unit")
        .order_by("-pk")
        .first()
    )


def _extended_to(lead: Assignment) -> date | None:
    if not lead.extensions_used:
        return None
    due = (
        lead.clocks.filter(kind=Clock.Kind.REPLY, cycle=lead.cycle, stopped_at__isnull=True)
        .values_list("due_at", flat=True)
        .first()
    )
    return timezone.localdate(due) if due else None


def latest_citizen_reply(ticket: Ticket) -> CitizenReply | None:
    """The newest reply of the ticket's lead unit that carries a part for the citizen."""
    event = (
        TicketEvent.objects.filter(
            ticket=ticket,
            action__in=("reply", "cannot_solve"),
            is_public=True,
            assignment__role=Assignment.Role.LEAD,
            payload__has_key=CITIZEN_TEXT,
        )
        .select_related("unit")
        .order_by("-at", "-id")
        .first()
    )
    if event is None:
        return None
    return CitizenReply(
        at=event.at, unit=event.unit.name if event.unit else "", text=event.payload[CITIZEN_TEXT]
    )


def citizen_summary(ticket: Ticket) -> CitizenSummary:
    """A merged ticket follows its master, where the matter is handled."""
    shown = ticket.master if ticket.status == T.MERGED and ticket.master_id else ticket
    lead = _lead(shown)
    state = citizen_state_words(
        ticket_status=shown.status,
        lead_status=lead.status if lead else None,
        cycle=lead.cycle if lead else 1,
        extended_to=_extended_to(lead) if lead else None,
    )
    return CitizenSummary(state=state, reply=latest_citizen_reply(shown))
