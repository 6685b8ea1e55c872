"""Closing a ticket at the hotline without dispatch, and merging repeat calls (并单)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hotline.models import Disposition, Ticket
from hotline.services.transitions import ticket_event_record, ticket_transition

EMERGENCY_NUMBERS = ("110", "119", "120", "122")
OPEN_STATUSES = (Ticket.Status.PENDING, Ticket.Status.DISPATCHED)


def ticket_answer(*, ticket: Ticket, actor, article, note: str = "") -> Ticket:
    """即时答复: only a consultation may be answered directly, and the answer cites its article."""
    if not ticket.request_type.direct_answer_allowed:
        raise ValidationError({"request_type": _("Only consultations can be answered directly.")})
    return ticket_transition(
        ticket=ticket,
        action="answer",
        actor=actor,
        reason=note,
        payload={"article_id": article.pk, "article_title": article.title},
        changes={"disposition": Disposition.ANSWERED, "disposition_note": note, "answered_article": article},
        is_public=True,
    )


def ticket_dispose(*, ticket: Ticket, actor, disposition: str, reason: str, target: str = "") -> Ticket:
    """Close without dispatch for one of the reasons of the Regulations, Art. 11."""
    if disposition == Disposition.ANSWERED or disposition not in Disposition.values:
        raise ValidationError({"disposition": _("Choose a disposition other than a direct answer.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for this disposition.")})
    if disposition == Disposition.EMERGENCY and target not in EMERGENCY_NUMBERS:
        raise ValidationError({"target": _("Choose 110, 119, 120 or 122.")})
    return ticket_transition(
        ticket=ticket,
        action="dispose",
        actor=actor,
        reason=reason,
        payload={"disposition": disposition, "target": target} if target else {"disposition": disposition},
        changes={"disposition": disposition, "disposition_note": reason},
        is_public=True,
    )


@transaction.atomic
def ticket_merge(*, ticket: Ticket, master: Ticket, actor) -> Ticket:
    """Attach a repeat call to its open master: the call keeps its caller, time and content as a
    linked child, the master counts one more caller, and the child is not handled separately."""
    master = Ticket.objects.select_for_update().get(pk=master.pk)
    if master.pk == ticket.pk:
        raise ValidationError({"master": _("A ticket cannot be merged into itself.")})
    if master.status not in OPEN_STATUSES or master.master_id is not None:
        raise ValidationError({"master": _("Only an open ticket that is not itself merged can be a master.")})
    ticket = ticket_transition(
        ticket=ticket,
        action="merge",
        actor=actor,
        payload={"master": master.number},
        changes={"master": master},
        is_public=True,
    )
    Ticket.objects.filter(pk=master.pk).update(caller_count=F("caller_count") + 1)
    ticket_event_record(ticket=master, action="caller_added", actor=actor, payload={"child": ticket.number})
    return ticket
