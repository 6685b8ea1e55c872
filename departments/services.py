"""The summoned department's side of a whistle (报到): acknowledge, check in on site, report what
was done, finish; and its one comment on the street's rating. Whether each step was on time is
stored when it happens."""

from collections.abc import Sequence
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.events import Subject
from notifications.services import notify_event
from streets.models import Rating, Summons, SummonsReport
from streets.photos import whistle_photo_add
from streets.selectors import summons_standings
from streets.transitions import summons_transition, whistle_event_record
from streets.whistle_states import DEPARTMENT, WhistleForbidden, WhistleTransitionError


@transaction.atomic
def summons_acknowledge(*, summons: Summons, actor) -> Summons:
    now = timezone.now()
    return summons_transition(
        summons=summons,
        action="acknowledge",
        actor=actor,
        changes={
            "acknowledged_at": now,
            "acknowledged_by": actor,
            "acknowledged_on_time": now <= summons.acknowledge_due,
        },
    )


@transaction.atomic
def summons_arrive(
    *,
    summons: Summons,
    actor,
    note: str = "",
    longitude: Decimal | None = None,
    latitude: Decimal | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Summons:
    """到场 with a check-in: note, coordinates and photos as proof, all stored or none. Checking in without having
    acknowledged counts as acknowledging at the same moment."""
    now = timezone.now()
    changes = {
        "arrived_at": now,
        "arrived_by": actor,
        "arrived_on_time": now <= summons.arrive_due,
        "checkin_note": note.strip(),
        "checkin_longitude": longitude,
        "checkin_latitude": latitude,
    }
    if summons.acknowledged_at is None:
        changes |= {
            "acknowledged_at": now,
            "acknowledged_by": actor,
            "acknowledged_on_time": now <= summons.acknowledge_due,
        }
    summons = summons_transition(summons=summons, action="arrive", actor=actor, note=note, changes=changes)
    for upload in photos:
        whistle_photo_add(whistle=summons.whistle, upload=upload, actor=actor, summons=summons)
    notify_event(
        "summons_arrived",
        Subject(
            dedupe_key=f"summons_arrived:{summons.pk}",
            values={"department": summons.department.name},
            unit_id=summons.department_id,
            street_id=summons.whistle.street_id,
        ),
    )
    return summons


@transaction.atomic
def summons_report(*, summons: Summons, actor, text: str) -> SummonsReport:
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    summons_transition(summons=summons, action="report", actor=actor, note=text)
    return SummonsReport.objects.create(summons=summons, text=text.strip(), reported_by=actor)


@transaction.atomic
def summons_finish(*, summons: Summons, actor, note: str = "") -> Summons:
    return summons_transition(
        summons=summons, action="finish", actor=actor, note=note, changes={"done_at": timezone.now()}
    )


@transaction.atomic
def rating_comment(*, rating: Rating, actor, text: str) -> Rating:
    """The department answers the street's rating, once."""
    if DEPARTMENT not in summons_standings(actor, rating.summons):
        raise WhistleForbidden(_("Your role may not do this."))
    if not text.strip():
        raise ValidationError({"text": _("Write the comment.")})
    now = timezone.now()
    updated = Rating.objects.filter(pk=rating.pk, department_commented_at__isnull=True).update(
        department_comment=text.strip(), department_commented_at=now, department_commented_by=actor
    )
    if not updated:
        raise WhistleTransitionError(_("The department has already commented on this rating."))
    whistle_event_record(
        whistle=rating.summons.whistle,
        summons=rating.summons,
        action="comment_rating",
        actor=actor,
        unit=rating.summons.department,
        note=text.strip(),
        at=now,
    )
    rating.refresh_from_db()
    return rating
