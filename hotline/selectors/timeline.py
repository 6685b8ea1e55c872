"""What a citizen may see of their ticket: public steps only, no personal data, no internal notes."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from hotline.models import Disposition, Ticket


@dataclass(frozen=True)
class PublicStep:
    at: datetime
    text: str


def _step_text(event) -> str:
    payload = event.payload or {}
    if event.action == "receive":
        return _("Request received")
    if event.action == "dispatch":
        return _("Dispatched to %(unit)s") % {"unit": payload.get("lead", "")}
    if event.action == "answer":
        return _("Answered directly by the hotline")
    if event.action == "dispose":
        return _("Closed by the hotline: %(disposition)s") % {
            "disposition": Disposition(payload.get("disposition", Disposition.OUTSIDE_DUTIES)).label
        }
    if event.action == "merge":
        return _("Handled together with ticket %(master)s") % {"master": payload.get("master", "")}
    if event.action == "callback":
        return _("Callback recorded")
    return _("Updated")


def public_timeline(ticket: Ticket) -> list[PublicStep]:
    events = ticket.events.filter(is_public=True).order_by("at", "id")
    return [PublicStep(at=event.at, text=_step_text(event)) for event in events]
