"""The sweep that flags each supervision order left unanswered past its deadline, once, and escalates
it one level up, once: a hotline order becomes a district order to the same unit (a city order when
the unit lies in no district), a district order a city order; a city order is only flagged.

Exactly once: flagging is the state table's compare-and-set move (issued / sent back → overdue),
which only one run can make, and the escalated order points at the one it escalates through a
unique ``escalated_from``. ``flagged_at`` takes a flagged order out of the partial index, so the
next sweep does not read it again; a flagged order that is sent back later is not flagged twice.
On PostgreSQL each batch is locked with ``FOR UPDATE SKIP LOCKED``, so two workers take different
orders; SQLite runs one writer at a time.

After an outage one run catches up: each order is flagged with the time it was found, and the
escalated order gets its level's full time from then (the unit learns of it only then)."""

import logging
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.sweep import Settled, sweep_batches
from core.transitions import transition_apply
from notifications.events import Subject
from notifications.services import event_notices, notify_many
from supervision.models import Level, SupervisionOrder
from supervision.services import order_create, order_event_record, order_subject
from supervision.states import SYSTEM, SupervisionTransitionError, supervision_move

logger = logging.getLogger(__name__)
OVERDUE = "overdue"  # the sweep's one kind of lateness
UNANSWERED = (SupervisionOrder.Status.ISSUED, SupervisionOrder.Status.SENT_BACK)


@dataclass
class SupervisionEnforcementReport:
    flagged: int = 0
    escalated: int = 0
    batches: int = 0


def orders_past(now: datetime) -> QuerySet[SupervisionOrder]:
    """Unanswered orders past their deadline, not flagged yet, earliest first: the partial index's
    condition and column, so the cost is what is due."""
    return SupervisionOrder.objects.filter(
        flagged_at__isnull=True, status__in=UNANSWERED, deadline__lte=now
    ).order_by("deadline")


def next_level(order: SupervisionOrder) -> str | None:
    if order.level == Level.HOTLINE:
        return Level.DISTRICT if order.district_id else Level.CITY
    if order.level == Level.DISTRICT:
        return Level.CITY
    return None


def supervision_enforce(
    *, now: datetime | None = None, batch_size: int = 500, max_batches: int = 50
) -> SupervisionEnforcementReport:
    now = now or timezone.now()
    tally = sweep_batches(
        [OVERDUE],
        fetch=lambda _kind, limit: list(
            orders_past(now).select_for_update(skip_locked=True, of=("self",)).select_related("unit")[:limit]
        ),
        settle=lambda _kind, orders: _settle(orders, now=now),
        batch_size=batch_size,
        max_batches=max_batches,
    )
    report = SupervisionEnforcementReport(
        flagged=tally.recorded["flagged"], escalated=tally.recorded["escalated"], batches=tally.batches
    )
    if report.flagged:
        logger.info("supervision enforcement at %s: %s", now.isoformat(), report)
    return report


def _system_move(order: SupervisionOrder, *, action: str, at: datetime, changes=None) -> bool:
    """Move ``order`` as the sweep; False when someone moved it meanwhile (an answer came in)."""
    try:
        move = transition_apply(
            row=order,
            move_for=lambda status: supervision_move(status=status, action=action, standings={SYSTEM}),
            changes=changes,
            conflict=SupervisionTransitionError,
        )
    except SupervisionTransitionError:
        return False
    order_event_record(
        order=order, action=action, actor=None, from_status=order.status, to_status=move.target, at=at
    )
    order.status = move.target
    return True


def _settle(orders: list[SupervisionOrder], *, now: datetime) -> Settled:
    flagged, escalated = [], 0
    for order in orders:
        if not _system_move(order, action="flag", at=now, changes={"flagged_at": now}):
            continue
        flagged.append(order)
        level = next_level(order)
        if level is None:
            continue
        order_create(
            level=level,
            unit=order.unit,
            reason=_escalation_reason(order),
            subject=order.subject,
            issued_by=None,
            at=now,
            assignment=order.assignment,
            escalated_from=order,
        )
        _system_move(order, action="escalate", at=now)
        escalated += 1
    notify_many(
        notices=event_notices(
            ("supervision_overdue", Subject(dedupe_key=f"supervision:{o.pk}:overdue", **order_subject(o)))
            for o in flagged
        )
    )
    return Settled(handled=len(orders), recorded={"flagged": len(flagged), "escalated": escalated})


def _escalation_reason(order: SupervisionOrder) -> str:
    """Stored, and read later by anyone: in the site's language, not the sweep's."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Not answered by %(due)s at the lower level: %(reason)s") % {
            "due": f"{timezone.localtime(order.deadline):%Y-%m-%d %H:%M}",
            "reason": order.reason,
        }
