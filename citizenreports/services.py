"""Filing a citizen's own report: the proved phone's code is spent, the ticket made by the hotline's
intake (channel "web", the phone as the caller's) and the report recorded, in one transaction."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from citizenreports.choices import ReportChoice
from citizenreports.limits import limit_reached
from citizenreports.models import CitizenReport, PhoneCode, RateLimitPolicy
from citizenreports.phone_codes import (
    CodeNotSent,
    CodeRefused,
    phone_code_check,
    phone_code_send,
    phone_code_use,
)
from hotline.models import Channel, Ticket
from hotline.services.intake import TicketDraft, ticket_create


class LimitReached(Exception):
    """Too many codes or reports from this phone or address; ``str(exc)`` says so for the citizen."""


@dataclass(frozen=True)
class Report:
    choice: ReportChoice
    content: str
    address: str
    longitude: float | None
    latitude: float | None
    photos: Sequence[UploadedFile]


def citizen_code_request(*, phone: str, client: str) -> PhoneCode:
    """Send a code to ``phone`` unless this phone or address has had its codes for the window.
    Raises LimitReached, or CodeNotSent when the gateway did not take the message."""
    if limit_reached(action=RateLimitPolicy.Action.CODE, phone=phone, client=client):
        raise LimitReached(_("Too many codes were asked for. Please try again in an hour."))
    try:
        return phone_code_send(phone=phone, client=client)
    except CodeNotSent:
        raise CodeNotSent(_("The SMS could not be sent. Please try again later.")) from None


def citizen_report_file(*, report: Report, phone: str, code: str, client: str) -> Ticket:
    """The ticket for ``report``, once ``code`` proves ``phone``. Raises LimitReached or CodeRefused
    with nothing spent but the code's try; the photos are checked before (citizenreports.forms)."""
    if limit_reached(action=RateLimitPolicy.Action.REPORT, phone=phone, client=client):
        raise LimitReached(_("Too many reports from this phone or network. Please try again in an hour."))
    row = phone_code_check(phone=phone, code=code)
    draft = TicketDraft(
        channel=Channel.WEB,
        request_type=report.choice.request_type,
        category=report.choice.category,
        content=report.content,
        caller_phone=phone,
        address=report.address,
        longitude=report.longitude,
        latitude=report.latitude,
        attachments=tuple(report.photos),
    )
    with transaction.atomic():
        phone_code_use(row=row)
        ticket, _created = ticket_create(draft=draft)
        CitizenReport.objects.create(ticket=ticket, phone=phone, client=client)
    return ticket


__all__ = [
    "CodeNotSent",
    "CodeRefused",
    "LimitReached",
    "Report",
    "citizen_code_request",
    "citizen_report_file",
]
