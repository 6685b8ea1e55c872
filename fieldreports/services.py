"""Filing through the two front doors. Each is one transaction: hotline's intake writes the ticket
(and its first event and photo), the row here says who filed it; a refusal saves nothing.

A grid worker's report is routed like any call (intake's outbox row, written in the same
transaction). A leader's item is not routed: it is dispatched at once to the units the leader
chose, as intake's ``outcome`` — inside intake's transaction, so no routing row is written."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.selectors import user_has_role
from dispatch.services import ticket_dispatch
from fieldreports.models import FieldReport, LeaderItem
from fieldreports.selectors import ITEM_GIVERS, REPORTERS, item_units, reporting_units
from hotline.models import Category, Channel, RequestType, Ticket
from hotline.services.intake import TicketDraft, ticket_create
from units.models import Unit


@dataclass(frozen=True)
class Place:
    address: str = ""
    longitude: float | None = None
    latitude: float | None = None

    def check(self, field: str = "address") -> None:
        if not self.address.strip() and (self.longitude is None or self.latitude is None):
            raise ValidationError({field: _("Use your location or type the address.")})


def field_report_file(
    *,
    reporter,
    unit: Unit,
    category: Category,
    request_type: RequestType,
    content: str,
    place: Place,
    photo: UploadedFile | None = None,
) -> FieldReport:
    """一键报送: a ticket of channel "grid" (主动发现), filed for ``unit`` (one the reporter acts for)."""
    if not user_has_role(reporter, *REPORTERS):
        raise PermissionDenied(_("Only grid workers and street chiefs file reports."))
    if not reporting_units(reporter).filter(pk=unit.pk).exists():
        raise ValidationError({"unit": _("You do not report for this unit.")})
    if not content.strip():
        raise ValidationError({"content": _("Describe the problem.")})
    place.check()
    draft = TicketDraft(
        channel=Channel.GRID,
        request_type=request_type,
        category=category,
        content=content.strip(),
        caller_name=str(reporter),
        sms_consent=False,
        address=place.address.strip(),
        longitude=place.longitude,
        latitude=place.latitude,
        attachments=(photo,) if photo else (),
    )
    with transaction.atomic():
        ticket, _created = ticket_create(draft=draft)
        return FieldReport.objects.create(ticket=ticket, reporter=reporter, unit=unit)


@dataclass(frozen=True)
class ItemSource:
    kind: str  # LeaderItem.Source
    ticket: Ticket | None = None
    warning: str = ""

    def check(self) -> None:
        if self.kind == LeaderItem.Source.TICKET and self.ticket is None:
            raise ValidationError({"source_ticket": _("Give the number of the ticket.")})
        if self.kind == LeaderItem.Source.WARNING and not self.warning:
            raise ValidationError({"source_warning": _("Choose the early warning.")})


def leader_item_create(
    *,
    leader,
    source: ItemSource,
    category: Category,
    request_type: RequestType,
    content: str,
    place: Place,
    tier: str,
    lead_unit: Unit,
    assisting_units: tuple[Unit, ...] = (),
    photo: UploadedFile | None = None,
) -> LeaderItem:
    """领导交办: a ticket of channel "leader" given at once to ``lead_unit`` (and assisting units),
    each within the leader's reach, with the deadlines of ``tier``; then the ordinary lifecycle."""
    if not user_has_role(leader, *ITEM_GIVERS):
        raise PermissionDenied(_("Only leaders give items."))
    source.check()
    if source.kind == LeaderItem.Source.PLACE:
        place.check()
    if not content.strip():
        raise ValidationError({"content": _("Describe the matter.")})
    reach = set(
        item_units(leader)
        .filter(pk__in=[lead_unit.pk, *(u.pk for u in assisting_units)])
        .values_list("pk", flat=True)
    )
    if lead_unit.pk not in reach:
        raise ValidationError({"lead_unit": _("This unit lies outside your reach.")})
    if any(unit.pk not in reach for unit in assisting_units):
        raise ValidationError({"assisting_units": _("This unit lies outside your reach.")})
    draft = TicketDraft(
        channel=Channel.LEADER,
        request_type=request_type,
        category=category,
        content=content.strip(),
        caller_name=str(leader),
        sms_consent=False,
        address=place.address.strip() or (source.ticket.address if source.ticket else ""),
        longitude=place.longitude,
        latitude=place.latitude,
        tier=tier,
        attachments=(photo,) if photo else (),
    )

    def assign(ticket: Ticket) -> Ticket:
        return ticket_dispatch(
            ticket=ticket,
            lead_unit=lead_unit,
            assisting_units=assisting_units,
            actor=leader,
            action="assign",
        )

    with transaction.atomic():
        ticket, _created = ticket_create(draft=draft, outcome=assign)
        return LeaderItem.objects.create(
            ticket=ticket,
            leader=leader,
            source=source.kind,
            source_ticket=source.ticket,
            source_warning=source.warning,
        )
