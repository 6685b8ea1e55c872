"""The limits of the public form, counted from the rows it writes (codes sent, reports filed) so
that every web process sees the same counts."""

import logging
from datetime import datetime, timedelta

from django.utils import timezone

from citizenreports.models import CitizenReport, PhoneCode, RateLimitPolicy

logger = logging.getLogger(__name__)

COUNTED = {RateLimitPolicy.Action.CODE: PhoneCode, RateLimitPolicy.Action.REPORT: CitizenReport}
FIELD = {RateLimitPolicy.Scope.PHONE: "phone", RateLimitPolicy.Scope.CLIENT: "client"}


def limit_in_force(*, action: str, scope: str, at: datetime | None = None) -> RateLimitPolicy | None:
    return (
        RateLimitPolicy.objects.filter(action=action, scope=scope, effective_from__lte=at or timezone.now())
        .order_by("-effective_from")
        .first()
    )


def limit_reached(*, action: str, phone: str, client: str) -> bool:
    """Whether one more ``action`` by this phone or from this client would pass a limit in force.
    With no policy in force the form refuses: an unlimited form would let anyone send SMS at the
    city's cost. Two requests at the same moment may both pass the last free place; the limit is
    a brake on abuse, not an exact quota."""
    now = timezone.now()
    for scope, value in ((RateLimitPolicy.Scope.PHONE, phone), (RateLimitPolicy.Scope.CLIENT, client)):
        policy = limit_in_force(action=action, scope=scope, at=now)
        if policy is None:
            logger.error("no %s limit per %s in force: the citizen form refuses", action, scope)
            return True
        if not value:
            continue
        since = now - timedelta(minutes=policy.window_minutes)
        rows = COUNTED[action].objects.filter(**{FIELD[scope]: value, "created_at__gt": since})
        if rows.count() >= policy.limit:
            return True
    return False
