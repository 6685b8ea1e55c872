"""The policy in force, and the due and warning times of a clock under it."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

from dispatch.deadlines.arithmetic import add_natural, add_working_days
from dispatch.deadlines.calendar import workday_checker
from dispatch.deadlines.defaults import deadline_policies_load
from dispatch.deadlines.reference import deadline_reference, deadline_reference_changed
from dispatch.models import Clock, DeadlinePolicy

logger = logging.getLogger(__name__)
U = DeadlinePolicy.Unit
# Room for the calendar read up front: 15 working days plus the longest holiday runs.
CALENDAR_HORIZON = timedelta(days=60)


@dataclass(frozen=True)
class ClockPlan:
    due_at: datetime
    warn_at: datetime
    policy: DeadlinePolicy


def _policy_at(tier: str, at: datetime) -> DeadlinePolicy | None:
    return deadline_reference().policy_at(tier, at)


def policy_in_force(*, tier: str, at: datetime) -> DeadlinePolicy:
    """The row in force for ``tier`` at ``at``. A database without any policy (emptied by hand, or a
    test database flushed) gets the documented defaults back rather than refusing every ticket."""
    policy = _policy_at(tier, at)
    if policy is None and not DeadlinePolicy.objects.filter(tier=tier).exists():
        logger.warning("no deadline policy for %s: loading the defaults", tier)
        deadline_policies_load()
        deadline_reference_changed()
        policy = _policy_at(tier, at)
    if policy is None:
        raise ImproperlyConfigured(
            f"no deadline policy for {tier} at {at}: run manage.py load_deadline_policies"
        )
    return policy


def add_amount(start: datetime, amount: int, unit: str) -> datetime:
    start = timezone.localtime(start)
    if unit == U.MINUTES:
        return add_natural(start, minutes=amount)
    if unit == U.HOURS:
        return add_natural(start, minutes=60 * amount)
    if unit == U.NATURAL_DAYS:
        return add_natural(start, days=amount)
    # Read enough of the calendar up front for long limits too (a policy allows up to 60 days).
    horizon = max(CALENDAR_HORIZON, timedelta(days=3 * amount))
    checker = workday_checker(start.date(), (start + horizon).date())
    return add_working_days(start, amount, checker)


def clock_plans(*, kinds: Iterable[str], tier: str, start: datetime) -> dict[str, ClockPlan]:
    """The plans of clocks started together: the policy is read once for all of them (and the
    calendar once, by the one limit that counts working days)."""
    policy = policy_in_force(tier=tier, at=start)
    return {kind: _plan(policy, kind=kind, start=start) for kind in kinds}


def clock_plan(*, kind: str, tier: str, start: datetime) -> ClockPlan:
    return clock_plans(kinds=[kind], tier=tier, start=start)[kind]


def warn_at(*, start: datetime, due: datetime, policy: DeadlinePolicy) -> datetime:
    """The warning time of a clock: ``warning_ratio`` of the way from its start to its due time."""
    return start + (due - start) * float(policy.warning_ratio)


def _plan(policy: DeadlinePolicy, *, kind: str, start: datetime) -> ClockPlan:
    if kind == Clock.Kind.SIGN:
        due = add_amount(start, policy.sign_minutes, U.MINUTES)
    elif kind == Clock.Kind.CONTACT:
        due = add_amount(start, policy.contact_minutes, U.MINUTES)
    else:
        due = add_amount(start, policy.reply_amount, policy.reply_unit)
    return ClockPlan(due_at=due, warn_at=warn_at(start=start, due=due, policy=policy), policy=policy)
