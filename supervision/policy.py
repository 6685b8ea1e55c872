"""The answer limit in force for a level, and an order's deadline under it. The defaults below are
this project's (no published standard sets them): 2 working days for the hotline's orders, 3 for a
district's, 5 for the city's, from 2020-01-01 (Asia/Shanghai). A city changes them by adding rows
with a later effective date; working days follow the deadline calendar (dispatch.deadlines)."""

import logging
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from dispatch.deadlines.policy import add_amount
from dispatch.models import DeadlinePolicy
from supervision.models import Level, SupervisionPolicy

logger = logging.getLogger(__name__)
START = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
DEFAULTS = {
    Level.HOTLINE: (2, DeadlinePolicy.Unit.WORKING_DAYS),
    Level.DISTRICT: (3, DeadlinePolicy.Unit.WORKING_DAYS),
    Level.CITY: (5, DeadlinePolicy.Unit.WORKING_DAYS),
}


@transaction.atomic
def supervision_policies_load(policy_model=SupervisionPolicy) -> int:
    """→ rows created; rows a city has already (edited or not) are left alone. The data migration
    passes its historical model."""
    created = 0
    for level, (amount, unit) in DEFAULTS.items():
        _row, made = policy_model.objects.get_or_create(
            level=level,
            effective_from=START,
            defaults={"answer_amount": amount, "answer_unit": unit, "note": "default"},
        )
        created += made
    return created


def policy_in_force(*, level: str, at: datetime) -> SupervisionPolicy:
    """The row in force for ``level`` at ``at``. A database without any row for the level (a test
    database flushed) gets the documented defaults back rather than refusing every order."""
    rows = SupervisionPolicy.objects.filter(level=level)
    policy = rows.filter(effective_from__lte=at).order_by("-effective_from").first()
    if policy is None and not rows.exists():
        logger.warning("no supervision policy for %s: loading the defaults", level)
        supervision_policies_load()
        policy = rows.filter(effective_from__lte=at).order_by("-effective_from").first()
    if policy is None:
        raise ImproperlyConfigured(f"no supervision policy for {level} at {at}")
    return policy


def deadline_for(*, level: str, start: datetime) -> tuple[SupervisionPolicy, datetime]:
    policy = policy_in_force(level=level, at=start)
    return policy, add_amount(start, policy.answer_amount, policy.answer_unit)
