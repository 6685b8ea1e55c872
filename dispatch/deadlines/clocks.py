"""Starting, stopping and extending the clocks of an assignment. A clock's result is stored when it
stops, so a later policy change never rewrites history; the unique (assignment, kind, cycle) makes
starting twice start once, and a compare-and-set makes stopping twice stop once."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from dispatch.deadlines.policy import add_amount, clock_plans, warn_at
from dispatch.models import Assignment, Clock, DeadlinePolicy

LEAD_CLOCKS = (Clock.Kind.SIGN, Clock.Kind.CONTACT, Clock.Kind.REPLY)
ASSIST_CLOCKS = (Clock.Kind.SIGN, Clock.Kind.REPLY)


def clocks_start(*, assignment: Assignment, start: datetime) -> None:
    assignments_clocks_start(assignments=[assignment], start=start)


def assignments_clocks_start(*, assignments: Sequence[Assignment], start: datetime) -> None:
    """Start the clocks of assignments made together (a dispatch's lead and assisting units): the
    policy in force is read once per tier, and every clock goes in with one insert."""
    plans = {}
    for tier in {assignment.ticket.tier for assignment in assignments}:
        plans[tier] = clock_plans(kinds=LEAD_CLOCKS, tier=tier, start=start)
    Clock.objects.bulk_create(
        [
            Clock(
                assignment=assignment,
                kind=kind,
                cycle=assignment.cycle,
                assessed_unit_id=assignment.assessed_unit_id,
                policy=(plan := plans[assignment.ticket.tier][kind]).policy,
                started_at=start,
                due_at=plan.due_at,
                warn_at=plan.warn_at,
            )
            for assignment in assignments
            for kind in (LEAD_CLOCKS if assignment.role == Assignment.Role.LEAD else ASSIST_CLOCKS)
        ],
        ignore_conflicts=True,
    )


def clock_stop(*, assignment: Assignment, kind: str, at: datetime) -> Clock | None:
    clock = assignment.clocks.filter(kind=kind, cycle=assignment.cycle, stopped_at__isnull=True).first()
    if clock is None:
        return None
    result = Clock.Result.MET if at <= clock.due_at else Clock.Result.MISSED
    Clock.objects.filter(pk=clock.pk, stopped_at__isnull=True).update(stopped_at=at, result=result)
    clock.refresh_from_db()
    return clock


def clocks_cancel(*, assignment: Assignment, at: datetime) -> int:
    return assignment.clocks.filter(stopped_at__isnull=True).update(
        stopped_at=at, result=Clock.Result.CANCELLED
    )


@transaction.atomic
def clock_extend(*, assignment: Assignment, extra_days: int) -> Clock:
    """Move the running reply deadline on by ``extra_days`` (working days where the policy counts
    working days). A breach already recorded stays recorded."""
    clock = (
        assignment.clocks.select_for_update()
        .filter(kind=Clock.Kind.REPLY, cycle=assignment.cycle, stopped_at__isnull=True)
        .select_related("policy")
        .first()
    )
    if clock is None:
        raise ValidationError({"extra_days": _("There is no running reply deadline to extend.")})
    unit = (
        DeadlinePolicy.Unit.WORKING_DAYS
        if clock.policy.reply_unit == DeadlinePolicy.Unit.WORKING_DAYS
        else DeadlinePolicy.Unit.NATURAL_DAYS
    )
    due = add_amount(clock.due_at, extra_days, unit)
    clock.due_at = due
    clock.warn_at = warn_at(start=clock.started_at, due=due, policy=clock.policy)
    clock.save(update_fields=["due_at", "warn_at"])
    return clock
