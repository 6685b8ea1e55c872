"""What a citizen may see of their ticket: public steps only, no personal data, no internal notes."""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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
    return UNIT_STEPS[event.action] if event.action in UNIT_STEPS else _("Updated")


# The handling unit's public steps, in words for the citizen.
UNIT_STEPS = {
    "sign": _lazy("The handling unit signed for your request"),
    "contact": _lazy("The handling unit contacted you"),
    "start": _lazy("The handling unit started handling your request"),
    "reply": _lazy("The handling unit replied with the result"),
    "cannot_solve": _lazy("The handling unit replied: it cannot be solved for now"),
    "decide_extension": _lazy("More time was granted to handle your request"),
    "redo": _lazy("Your request is being handled again"),
    "close": _lazy("Your request was closed"),
    "redispatch": _lazy("Your request was passed on to another unit"),
}


def public_timeline(ticket: Ticket) -> list[PublicStep]:
    """Each public step in words; a step said twice in a row (the order and the ticket closing
    together) is shown once."""
    steps: list[PublicStep] = []
    for event in ticket.events.filter(is_public=True).order_by("at", "id"):
        text = str(_step_text(event))
        if not steps or steps[-1].text != text:
            steps.append(PublicStep(at=event.at, text=text))
    return steps
