"""The arrival policy in force for a whistle, and the due times of a summons under it."""

from datetime import datetime, timedelta

from django.core.exceptions import ImproperlyConfigured

from streets.defaults import arrival_policies_load
from streets.models import ArrivalPolicy, WhistleDomain


def arrival_policy_in_force(*, domain: WhistleDomain, urgency: str, at: datetime) -> ArrivalPolicy:
    """The domain's own row if it has one in force, else the row for every domain."""
    rows = ArrivalPolicy.objects.filter(urgency=urgency, effective_from__lte=at).order_by("-effective_from")
    policy = rows.filter(domain=domain).first() or rows.filter(domain__isnull=True).first()
    if policy is None and not ArrivalPolicy.objects.filter(urgency=urgency).exists():
        arrival_policies_load(ArrivalPolicy)  # an emptied database gets the documented defaults back
        policy = rows.filter(domain__isnull=True).first()
    if policy is None:
        raise ImproperlyConfigured(f"no arrival policy for {urgency} at {at}")
    return policy


def summons_due(policy: ArrivalPolicy, summoned_at: datetime) -> tuple[datetime, datetime]:
    return (
        summoned_at + timedelta(minutes=policy.acknowledge_minutes),
        summoned_at + timedelta(minutes=policy.arrive_minutes),
    )
