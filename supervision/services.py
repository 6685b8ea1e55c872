"""Writes on supervision orders: issue, answer, accept, send back. Each is one transaction: the
compare-and-set move of the state table (``supervision.states``), its event row, and the notices
(``notifications.events``: supervision_issued, supervision_answered). The sweep's flag and
escalation live in ``supervision.enforcement``."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.transitions import transition_apply
from dispatch.models import Assignment
from hotline.services.attachments import photos_check
from notifications.events import Subject
from notifications.services import notify_events
from supervision.models import Level, SupervisionEvent, SupervisionOrder, SupervisionPhoto
from supervision.policy import deadline_for
from supervision.selectors import decider_ids, issue_level, order_standings
from supervision.states import SupervisionForbidden, SupervisionTransitionError, supervision_move
from units.models import Unit
from units.tree import unit_districts
from uploads.photos import photo_row_fields


def order_event_record(*, order, action, actor, from_status, to_status, note="", at=None):
    return SupervisionEvent.objects.create(
        order=order,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        at=at or timezone.now(),
    )


def order_subject(order: SupervisionOrder, *, user_ids=frozenset()) -> dict:
    """The values of an order's notices."""
    return {
        "values": {
            "level": Level(order.level).label,
            "unit": order.unit.name,
            "subject": order.subject or order.reason[:60],
            "due": f"{timezone.localtime(order.deadline):%Y-%m-%d %H:%M}",
        },
        "unit_id": order.unit_id,
        "ticket_id": order.ticket_id,
        "user_ids": frozenset(user_ids),
    }


def order_create(
    *,
    level: str,
    unit: Unit,
    reason: str,
    subject: str,
    issued_by,
    at: datetime,
    assignment: Assignment | None = None,
    escalated_from: SupervisionOrder | None = None,
) -> SupervisionOrder:
    """Store a new order with the deadline of its level's policy in force at ``at``, its event and
    its notice to the unit; in the caller's transaction."""
    policy, deadline = deadline_for(level=level, start=at)
    order = SupervisionOrder.objects.create(
        level=level,
        unit=unit,
        district_id=unit_districts([unit.pk]).get(unit.pk),
        ticket_id=assignment.ticket_id if assignment else None,
        assignment=assignment,
        subject=subject,
        reason=reason,
        issued_by=issued_by,
        issued_at=at,
        policy=policy,
        deadline=deadline,
        escalated_from=escalated_from,
    )
    order_event_record(
        order=order, action="issue", actor=issued_by, from_status="", to_status=order.status, at=at
    )
    order_announce(order)
    return order


def order_announce(order: SupervisionOrder) -> None:
    """Tell the unit of a new order (once: a repeat tells nobody twice)."""
    subject = Subject(dedupe_key=f"supervision:{order.pk}:issued", **order_subject(order))
    notify_events([("supervision_issued", subject)])


@transaction.atomic
def supervision_issue(
    *, actor, reason: str, unit: Unit | None = None, assignment: Assignment | None = None, subject: str = ""
) -> SupervisionOrder:
    """督办: an order to the assignment's unit (about that ticket) or straight to a unit (about
    ``subject``), at the level the issuer speaks for (``issue_level``)."""
    reason, subject = (reason or "").strip(), (subject or "").strip()
    errors = {}
    if not reason:
        errors["reason"] = [_("Say why the unit is supervised.")]
    if assignment is None and unit is None:
        errors["unit"] = [_("Name the unit, or the ticket's order, the supervision is about.")]
    if assignment is None and unit is not None and not subject:
        errors["subject"] = [_("Say what the supervision is about.")]
    if errors:
        raise ValidationError(errors)
    if assignment is not None:
        unit = assignment.unit
    level = issue_level(actor, unit)
    if level is None:
        raise SupervisionForbidden(_("You may not issue a supervision order to this unit."))
    return order_create(
        level=level,
        unit=unit,
        reason=reason,
        subject=subject,
        issued_by=actor,
        at=timezone.now(),
        assignment=assignment,
    )


def _move(order: SupervisionOrder, *, action: str, actor, note: str = "", changes=None) -> SupervisionOrder:
    standings = order_standings(actor, order)
    move = transition_apply(
        row=order,
        move_for=lambda status: supervision_move(status=status, action=action, standings=standings),
        changes=changes,
        conflict=SupervisionTransitionError,
        label=_("Supervision order %(pk)s") % {"pk": order.pk},
    )
    order_event_record(
        order=order, action=action, actor=actor, from_status=order.status, to_status=move.target, note=note
    )
    order.refresh_from_db()
    return order


@transaction.atomic
def supervision_answer(
    *, order: SupervisionOrder, actor, text: str, photos: Sequence[UploadedFile] = ()
) -> SupervisionOrder:
    """The unit answers in writing, with photos if it has them (checked as a reply's are, all before
    the first is stored); the issuer (or their level) is told."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Write the answer.")]})
    photos_check({"photos": list(photos)})
    now = timezone.now()
    order = _move(
        order,
        action="answer",
        actor=actor,
        note=text,
        changes={"answer": text, "answered_by": actor, "answered_at": now},
    )
    SupervisionPhoto.objects.bulk_create(
        SupervisionPhoto(order=order, **photo_row_fields(upload, actor=actor, at=now)) for upload in photos
    )
    subject = Subject(
        dedupe_key=f"supervision:{order.pk}:answered:{now.isoformat()}",
        **order_subject(order, user_ids=decider_ids(order)),
    )
    notify_events([("supervision_answered", subject)])
    return order


@transaction.atomic
def supervision_accept(*, order: SupervisionOrder, actor, note: str = "") -> SupervisionOrder:
    note = (note or "").strip()
    return _move(
        order,
        action="accept",
        actor=actor,
        note=note,
        changes={"decided_by": actor, "decided_at": timezone.now(), "decision_note": note},
    )


@transaction.atomic
def supervision_send_back(*, order: SupervisionOrder, actor, reason: str) -> SupervisionOrder:
    """The answer is not enough: the unit answers again, with a fresh deadline of the order's
    level from now (the time it had is used up answering)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the answer is sent back.")]})
    now = timezone.now()
    policy, deadline = deadline_for(level=order.level, start=now)
    order = _move(
        order,
        action="send_back",
        actor=actor,
        note=reason,
        changes={
            "decided_by": actor,
            "decided_at": now,
            "decision_note": reason,
            "policy": policy,
            "deadline": deadline,
        },
    )
    notify_events(
        [
            (
                "supervision_issued",
                Subject(
                    dedupe_key=f"supervision:{order.pk}:sent_back:{now.isoformat()}", **order_subject(order)
                ),
            )
        ]
    )
    return order
