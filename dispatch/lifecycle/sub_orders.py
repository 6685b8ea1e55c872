"""二次派单: a unit hands its assignment (or a part of it) down to one of its sub-units; the sub-unit
signs for it, works and reports back; the unit accepts the report or sends it back, or withdraws
the order. The unit stays accountable: its own clocks keep running and it replies to the hotline
with the ordinary reply (dispatch.lifecycle.unit_actions.assignment_reply). Every hop is an event
of the ticket, written in the same transaction as the move."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.transitions import transition_apply
from dispatch.assignment_states import WORKING as ASSIGNMENT_WORKING
from dispatch.models import Assignment, SubOrder
from dispatch.notices import sub_order_notify
from dispatch.sub_order_selectors import (
    HANDING_KINDS,
    assignment_deadline,
    may_hand_down,
    sub_order_standings,
    sub_units_of,
)
from dispatch.sub_order_states import (
    EVENT_ACTIONS,
    OPEN,
    SUB_UNIT,
    SYSTEM,
    SubOrderForbidden,
    SubOrderTransitionError,
    sub_order_move,
)
from hotline.models import TicketEvent
from hotline.services.attachments import reply_photos_add
from hotline.services.transitions import ticket_event_record
from units.models import Unit


def _deadline_errors(assignment: Assignment, deadline: datetime | None) -> list[str]:
    """An inner deadline is in the future and not later than the assignment's own deadline."""
    if deadline is None:
        return [_("Set the inner deadline.")]
    due = assignment_deadline(assignment)
    if due is None:
        return [_("The order has no running deadline to hand down within.")]
    if deadline > due:
        return [
            _("The inner deadline cannot be later than the order's own deadline (%(due)s).")
            % {"due": formats.date_format(timezone.localtime(due), "Y-m-d H:i")}
        ]
    if deadline <= timezone.now():
        return [_("The inner deadline must be in the future.")]
    return []


def _hop_record(
    sub_order: SubOrder, *, action: str, actor, unit, from_status: str, to_status: str, at, reason: str = ""
) -> TicketEvent:
    return ticket_event_record(
        ticket=sub_order.assignment.ticket,
        action=EVENT_ACTIONS[action],
        actor=actor,
        unit=unit,
        assignment=sub_order.assignment,
        reason=reason,
        payload={"sub_order": sub_order.pk, "sub_unit": sub_order.sub_unit.name},
        from_status=from_status,
        to_status=to_status,
        at=at,
    )


@transaction.atomic
def sub_order_issue(
    *, assignment: Assignment, actor, sub_unit: Unit, note: str, deadline: datetime | None
) -> SubOrder:
    """Hand the assignment down: only its unit's people while they work on it (signed for, not yet
    replied), to one of its direct sub-units, within its own deadline. One open sub-order per
    sub-unit and assignment; several sub-units may each have one."""
    if not may_hand_down(actor, assignment):
        if assignment.unit.kind in HANDING_KINDS and assignment.status not in ASSIGNMENT_WORKING:
            raise SubOrderTransitionError(
                _("An order is handed down after it is signed for and before it is replied to.")
            )
        raise SubOrderForbidden(_("Your role may not do this."))
    errors = {}
    if not note.strip():
        errors["note"] = [_("Say what the sub-unit must do.")]
    if not sub_units_of(assignment.unit).filter(pk=sub_unit.pk).exists():
        errors["sub_unit"] = [
            _("%(unit)s is not a sub-unit of %(parent)s.")
            % {
                "unit": sub_unit.name,
                "parent": assignment.unit.name,
            }
        ]
    if problems := _deadline_errors(assignment, deadline):
        errors["deadline"] = problems
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    try:
        with transaction.atomic():
            sub_order = SubOrder.objects.create(
                assignment=assignment,
                sub_unit=sub_unit,
                note=note.strip(),
                deadline=deadline,
                issued_at=now,
                status_changed_at=now,
                issued_by=actor,
            )
    except IntegrityError:
        raise ValidationError(
            {"sub_unit": [_("This sub-unit already has an open order for this ticket.")]}
        ) from None
    _hop_record(
        sub_order,
        action="issue",
        actor=actor,
        unit=assignment.unit,
        from_status="",
        to_status=sub_order.status,
        at=now,
        reason=sub_order.note,
    )
    sub_order_notify(
        "handed_down",
        sub_order,
        unit_id=sub_unit.pk,
        due=formats.date_format(timezone.localtime(deadline), "Y-m-d H:i"),
    )
    return sub_order


@transaction.atomic
def sub_order_transition(
    *,
    sub_order: SubOrder,
    action: str,
    actor,
    reason: str = "",
    changes: dict | None = None,
    standings: frozenset[str] | None = None,
) -> tuple[SubOrder, TicketEvent]:
    """Apply ``action`` if the table allows it for the actor's standing (or the ``standings`` the
    platform acts in), compare-and-set the row, write the hop into the ticket's timeline. A second
    click finds the row moved (409)."""
    if standings is None:
        standings = sub_order_standings(actor, sub_order)
    now = timezone.now()
    move = transition_apply(
        row=sub_order,
        move_for=lambda status: sub_order_move(status=status, action=action, standings=standings),
        changes={"status_changed_at": now, **(changes or {})},
        conflict=SubOrderTransitionError,
    )
    acting_unit = sub_order.sub_unit if move.standing == SUB_UNIT else sub_order.assignment.unit
    event = _hop_record(
        sub_order,
        action=action,
        actor=actor,
        unit=acting_unit,
        from_status=sub_order.status,
        to_status=move.target,
        at=now,
        reason=reason,
    )
    sub_order.refresh_from_db()
    return sub_order, event


def sub_order_sign(*, sub_order: SubOrder, actor) -> SubOrder:
    return sub_order_transition(
        sub_order=sub_order, action="sign", actor=actor, changes={"signed_at": timezone.now()}
    )[0]


@transaction.atomic
def sub_order_report(
    *,
    sub_order: SubOrder,
    actor,
    text: str,
    photos_before: Sequence[UploadedFile] = (),
    photos_after: Sequence[UploadedFile] = (),
) -> SubOrder:
    """The sub-unit reports what it did, with photos if it has them; its unit is told."""
    if not text.strip():
        raise ValidationError({"text": _("Write what your unit did.")})
    sub_order, event = sub_order_transition(
        sub_order=sub_order,
        action="report",
        actor=actor,
        reason=text.strip(),
        changes={"reported_at": timezone.now(), "report_text": text.strip()},
    )
    reply_photos_add(event=event, before=photos_before, after=photos_after)
    sub_order_notify(
        "sub_order_reported",
        sub_order,
        unit_id=sub_order.assignment.unit_id,
        occurrence=sub_order.reported_at.isoformat(),
    )
    return sub_order


def sub_order_accept(*, sub_order: SubOrder, actor) -> SubOrder:
    return sub_order_transition(
        sub_order=sub_order, action="accept", actor=actor, changes={"closed_at": timezone.now()}
    )[0]


@transaction.atomic
def sub_order_send_back(
    *, sub_order: SubOrder, actor, reason: str, deadline: datetime | None = None
) -> SubOrder:
    """重办 inside the unit: the report does not do; the sub-unit works again, by a new inner
    deadline if one is given (within the order's own)."""
    errors = {}
    if not reason.strip():
        errors["reason"] = [_("Say what is still to be done.")]
    if deadline is not None and (problems := _deadline_errors(sub_order.assignment, deadline)):
        errors["deadline"] = problems
    if errors:
        raise ValidationError(errors)
    changes = {"deadline": deadline} if deadline is not None else {}
    return sub_order_transition(
        sub_order=sub_order, action="send_back", actor=actor, reason=reason.strip(), changes=changes
    )[0]


def sub_order_withdraw(*, sub_order: SubOrder, actor, reason: str = "") -> SubOrder:
    return sub_order_transition(
        sub_order=sub_order,
        action="withdraw",
        actor=actor,
        reason=reason.strip(),
        changes={"closed_at": timezone.now()},
    )[0]


def sub_orders_lapse(*, assignment: Assignment, actor) -> list[SubOrder]:
    """The assignment's work is over (replied, reported to the lead, returned or closed): its open
    sub-orders are withdrawn by the platform, each with its event, in the caller's transaction, so a
    community is never left working an order that no longer exists. ``actor`` is whoever ended it."""
    return [
        sub_order_transition(
            sub_order=sub_order,
            action="lapse",
            actor=actor,
            changes={"closed_at": timezone.now()},
            standings=frozenset({SYSTEM}),
        )[0]
        for sub_order in assignment.sub_orders.filter(status__in=OPEN).select_related(
            "assignment__ticket", "assignment__unit", "sub_unit"
        )
    ]
