"""What a handling unit does with its assignment: sign for it, call the citizen, handle and reply,
ask for a return or an extension, escalate, or (assisting) report to the lead unit. Each step stops
the clock it answers, and writes the notices it owes, in the same transaction."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.deadlines.clocks import clock_stop
from dispatch.lifecycle.transition import assignment_transition, assignment_transition_recorded
from dispatch.models import Assignment, Clock, ContactRecord, UnitRequest
from dispatch.notices import assignment_notify
from hotline.services.attachments import reply_photos_add
from sms.services import sms_reply_queue

# The reply event's payload key for the part written for the citizen.
CITIZEN_TEXT = "citizen_text"


@transaction.atomic
def assignment_sign(*, assignment: Assignment, actor) -> Assignment:
    assignment = assignment_transition(assignment=assignment, action="sign", actor=actor, is_public=False)
    clock_stop(assignment=assignment, kind=Clock.Kind.SIGN, at=assignment.status_changed_at)
    return assignment


@transaction.atomic
def assignment_contact(
    *, assignment: Assignment, actor, contacted_at: datetime, method: str, note: str = ""
) -> Assignment:
    """联系诉求人: the first contact is what the response rate measures, so its time is recorded as
    the official says it happened (not later than now)."""
    if contacted_at > timezone.now():
        raise ValidationError({"contacted_at": _("The call cannot be in the future.")})
    assignment = assignment_transition(
        assignment=assignment, action="contact", actor=actor, reason=note, payload={"method": method}
    )
    ContactRecord.objects.create(
        assignment=assignment, contacted_at=contacted_at, method=method, note=note, recorded_by=actor
    )
    clock_stop(assignment=assignment, kind=Clock.Kind.CONTACT, at=contacted_at)
    return assignment


def assignment_start(*, assignment: Assignment, actor) -> Assignment:
    return assignment_transition(assignment=assignment, action="start", actor=actor)


@transaction.atomic
def assignment_reply(
    *,
    assignment: Assignment,
    actor,
    text: str,
    citizen_text: str = "",
    cannot_solve: bool = False,
    photos_before: Sequence[UploadedFile] = (),
    photos_after: Sequence[UploadedFile] = (),
) -> Assignment:
    """反馈: the result, to the hotline (``text``) and to the citizen (``citizen_text``: what was
    done, in plain words, which the public tracking page and the callback page show); "cannot be
    solved for now" is a reply too, with its explanation. Photos of the place before and after
    handling (两图一表) are stored with the reply's event, or none is and the reply is refused."""
    if not text.strip():
        raise ValidationError({"text": _("Write the result for the citizen.")})
    action = "cannot_solve" if cannot_solve else "reply"
    assignment, event = assignment_transition_recorded(
        assignment=assignment,
        action=action,
        actor=actor,
        reason=text,
        payload={CITIZEN_TEXT: citizen_text.strip()} if citizen_text.strip() else None,
        is_public=True,
    )
    reply_photos_add(event=event, before=photos_before, after=photos_after)
    clock_stop(assignment=assignment, kind=Clock.Kind.REPLY, at=assignment.status_changed_at)
    # The citizen hears the part written for them; a reply without one tells them the result itself.
    sms_reply_queue(assignment=assignment, result=citizen_text.strip() or text)
    assignment_notify("replied", assignment, occurrence=str(assignment.cycle))
    return assignment


@transaction.atomic
def assignment_report(*, assignment: Assignment, actor, text: str) -> Assignment:
    """An assisting unit reports its part to the lead unit."""
    if not text.strip():
        raise ValidationError({"text": _("Write what your unit did.")})
    assignment = assignment_transition(assignment=assignment, action="report", actor=actor, reason=text)
    clock_stop(assignment=assignment, kind=Clock.Kind.REPLY, at=assignment.status_changed_at)
    lead_unit_id = (
        Assignment.objects.filter(ticket_id=assignment.ticket_id, role=Assignment.Role.LEAD)
        .exclude(status=Assignment.Status.RETURNED)
        .order_by("-assigned_at")
        .values_list("unit_id", flat=True)
        .first()
    )
    assignment_notify(
        "assist_reported", assignment, occurrence=str(assignment.cycle), lead_unit_id=lead_unit_id
    )
    return assignment


def _file_request(assignment: Assignment, **fields) -> UnitRequest:
    try:
        with transaction.atomic():
            return UnitRequest.objects.create(assignment=assignment, **fields)
    except IntegrityError:
        raise ValidationError(
            {"kind": _("A request of this kind is already waiting for the hotline.")}
        ) from None


@transaction.atomic
def assignment_request_return(
    *, assignment: Assignment, actor, reason: str, suggested_unit=None
) -> UnitRequest:
    """退单: the unit disputes the dispatch; the hotline decides."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the order is not yours.")})
    request = _file_request(
        assignment,
        kind=UnitRequest.Kind.RETURN,
        reason=reason,
        suggested_unit=suggested_unit,
        requested_by=actor,
    )
    assignment_transition(
        assignment=assignment,
        action="request_return",
        actor=actor,
        reason=reason,
        payload={"suggested_unit": suggested_unit.code if suggested_unit else ""},
    )
    assignment_notify("return_requested", assignment, occurrence=str(request.pk), reason=reason.strip())
    return request


@transaction.atomic
def assignment_request_extension(
    *, assignment: Assignment, actor, reason: str, extra_days: int
) -> UnitRequest:
    """延期: asked in time (before the reply deadline) and within the policy's number of extensions."""
    clock = assignment.clocks.filter(
        kind=Clock.Kind.REPLY, cycle=assignment.cycle, stopped_at__isnull=True
    ).first()
    if clock is None or clock.due_at <= timezone.now():
        raise ValidationError({"extra_days": _("An extension must be asked before the reply deadline.")})
    if assignment.extensions_used >= clock.policy.max_extensions:
        raise ValidationError({"extra_days": _("No more extensions are allowed for this order.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why more time is needed.")})
    request = _file_request(
        assignment, kind=UnitRequest.Kind.EXTENSION, reason=reason, extra_days=extra_days, requested_by=actor
    )
    assignment_transition(
        assignment=assignment,
        action="request_extension",
        actor=actor,
        reason=reason,
        payload={"days": extra_days},
    )
    assignment_notify(
        "extension_requested", assignment, occurrence=str(request.pk), days=extra_days, reason=reason.strip()
    )
    return request


@transaction.atomic
def assignment_request_relay(*, assignment: Assignment, actor, reason: str) -> UnitRequest:
    """请热线转达: a confidential caller is hidden from the unit, so the hotline makes the first
    contact for it, with what the unit needs to say or ask."""
    if not assignment.ticket.confidential:
        raise ValidationError({"reason": _("Only a confidential caller is contacted through the hotline.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the hotline should tell or ask the citizen.")})
    request = _file_request(assignment, kind=UnitRequest.Kind.RELAY, reason=reason, requested_by=actor)
    assignment_transition(assignment=assignment, action="request_relay", actor=actor, reason=reason)
    return request


@transaction.atomic
def assignment_escalate(*, assignment: Assignment, actor, reason: str) -> Assignment:
    """提级: the unit needs the district (or city) to coordinate; the district's supervisors are told."""
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the district or city must coordinate.")})
    assignment = assignment_transition(assignment=assignment, action="escalate", actor=actor, reason=reason)
    assignment_notify("escalated", assignment, occurrence=assignment.status_changed_at.isoformat())
    return assignment
