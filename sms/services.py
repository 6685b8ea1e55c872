"""Writing the messages to citizens. Each ``sms_*_queue`` runs inside the transaction that records
its cause (intake, the unit's reply, an approved extension): it writes the message row there and
asks for it to be sent once that transaction commits. Nothing is written when the caller does not
get SMS (sms_wanted), has no mobile number, or no template is in force for the kind."""

import logging
from datetime import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import formats, timezone, translation

from hotline.caller import MOBILE
from hotline.models import Ticket, TicketEvent
from hotline.services.callback_links import callback_link_current_or_issue
from sms.models import SmsMessage
from sms.placeholders import Kind, placeholders_fill
from sms.selectors import template_in_force
from sms.tasks import SMS_DRAIN

logger = logging.getLogger(__name__)


def sms_wanted(ticket: Ticket) -> bool:
    """Whether the caller gets SMS: as they said at intake, else ordinary callers yes, anonymous and
    confidential ones no; and only to a mobile number."""
    wanted = ticket.sms_consent
    if wanted is None:
        wanted = not (ticket.caller_anonymous or ticket.confidential)
    return wanted and bool(MOBILE.fullmatch(ticket.caller_phone or ""))


def public_url(path: str) -> str:
    """An absolute address for citizens, on the site's public name (settings.PUBLIC_BASE_URL)."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def tracking_url(ticket: Ticket) -> str:
    return public_url(reverse("hotline:track") + f"?number={ticket.number}")


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _sentence_body(text: str) -> str:
    """A result without its closing full stop: the template ends the sentence itself, and a
    result written as a sentence would otherwise read "…摊位。。请您评价"."""
    return text.strip().rstrip("。.．").rstrip()


def _queue(
    *, ticket: Ticket, event: TicketEvent, kind: str, values, event_is_new: bool = False
) -> SmsMessage | None:
    """Write the message for (ticket, event, kind) once; ``values`` is called only when a message
    is really written (issuing a callback link is a write of its own). ``event_is_new``: the event
    was written in this transaction, so no message for it can exist."""
    if not sms_wanted(ticket):
        return None
    if not event_is_new:
        existing = SmsMessage.objects.filter(ticket=ticket, event=event, kind=kind).first()
        if existing is not None:
            return existing
    template = template_in_force(kind)
    if template is None:
        logger.warning(
            "no SMS template in force for %s (%s): ticket %s gets none",
            kind,
            settings.SMS_LANGUAGE,
            ticket.number,
        )
        return None
    with translation.override(template.language):
        text = placeholders_fill(
            template.text, {"number": ticket.number, "tracking_url": tracking_url(ticket), **values()}
        )
    fields = {"ticket": ticket, "event": event, "kind": kind, "phone": ticket.caller_phone, "text": text}
    if event_is_new:
        message = SmsMessage.objects.create(**fields)
    else:
        try:
            with transaction.atomic():
                message = SmsMessage.objects.create(**fields)
        except IntegrityError:
            return SmsMessage.objects.get(ticket=ticket, event=event, kind=kind)
    # Sent by the SMS drain once this commits: a burst of calls costs a broker message per batch of
    # texts, not one per text (sms.tasks).
    SMS_DRAIN.wake_after_commit()
    return message


def _latest_event(queryset) -> TicketEvent:
    return queryset.order_by("-pk").first()


def sms_receipt_queue(*, ticket: Ticket, event: TicketEvent | None = None) -> SmsMessage | None:
    """受理回执: the ticket number and the tracking link, when a ticket is filed for dispatch.
    ``event``: the receive event intake has just recorded in this transaction; no message can
    refer to it yet, so nothing is read back to find it or a message already written for it."""
    if event is None:
        return _queue(
            ticket=ticket,
            event=_latest_event(ticket.events.filter(action="receive")),
            kind=Kind.RECEIPT,
            values=dict,
        )
    return _queue(ticket=ticket, event=event, kind=Kind.RECEIPT, values=dict, event_is_new=True)


def sms_reply_queue(*, assignment, result: str) -> SmsMessage | None:
    """反馈: the lead unit's result for the citizen and the callback link (回访): the live one, or one
    issued here, so that the link in the text is the one that can be answered."""
    if assignment.role != assignment.Role.LEAD:
        return None
    ticket = assignment.ticket
    event = _latest_event(assignment.events.filter(action__in=("reply", "cannot_solve")))

    def values():
        token = callback_link_current_or_issue(ticket=ticket)
        return {
            "result": _shorten(_sentence_body(result), settings.SMS_RESULT_MAX_CHARS),
            "callback_url": public_url(reverse("hotline:callback", args=[token])),
        }

    return _queue(ticket=ticket, event=event, kind=Kind.REPLY, values=values)


def sms_extension_queue(*, assignment, new_due: datetime) -> SmsMessage | None:
    """延期: the new reply date of the lead order, once the hotline approved the extension."""
    if assignment.role != assignment.Role.LEAD:
        return None
    event = _latest_event(assignment.events.filter(action="decide_extension"))
    return _queue(
        ticket=assignment.ticket,
        event=event,
        kind=Kind.EXTENSION,
        values=lambda: {"new_date": formats.date_format(timezone.localtime(new_due), "DATETIME_FORMAT")},
    )
