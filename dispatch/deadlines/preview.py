from datetime import datetime

from django.utils import timezone

from dispatch.deadlines.calendar import calendar_warnings
from dispatch.deadlines.policy import clock_plans
from dispatch.models import Clock


def deadline_preview(*, start: datetime, tier: str) -> dict:
    """The due time of each clock a ticket of ``tier`` dispatched at ``start`` would get."""
    plans = clock_plans(kinds=Clock.Kind.values, tier=tier, start=start)
    local = timezone.localtime
    return {
        "tier": tier,
        "start": local(start).isoformat(),
        "policy_id": plans[Clock.Kind.REPLY].policy.pk,
        "sign_due": local(plans[Clock.Kind.SIGN].due_at).isoformat(),
        "contact_due": local(plans[Clock.Kind.CONTACT].due_at).isoformat(),
        "reply_due": local(plans[Clock.Kind.REPLY].due_at).isoformat(),
        "reply_warn": local(plans[Clock.Kind.REPLY].warn_at).isoformat(),
        "calendar_warnings": calendar_warnings(local(start).date()),
    }
