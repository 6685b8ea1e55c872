"""The deadline policies and the administrators' calendar days, one copy per process: every clock
started reads both, and they change a few times a year (a new policy row, next year's holidays).

The copy is dropped in every process when a policy or a calendar day is saved or deleted
(dispatch.apps connects the signals; core.process_copy bumps a token every process reads) and
checked against a fingerprint every ROUTING_RECHECK_SECONDS for changes made without signals."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Count, Max, Q, Sum

from core.process_copy import ProcessCopy
from dispatch.models import CalendarDay, DeadlinePolicy


@dataclass(frozen=True)
class DeadlineReference:
    policies: dict[str, tuple[DeadlinePolicy, ...]]  # tier → its rows, the latest effective first
    calendar_days: dict[date, bool]  # date → is it a working day, as the administrators set it

    def policy_at(self, tier: str, at: datetime) -> DeadlinePolicy | None:
        return next((policy for policy in self.policies.get(tier, ()) if policy.effective_from <= at), None)


def _build() -> DeadlineReference:
    policies: dict[str, list[DeadlinePolicy]] = {}
    for policy in DeadlinePolicy.objects.order_by("tier", "-effective_from", "-pk"):
        policies.setdefault(policy.tier, []).append(policy)
    return DeadlineReference(
        policies={tier: tuple(rows) for tier, rows in policies.items()},
        calendar_days=dict(CalendarDay.objects.values_list("date", "is_workday")),
    )


def _fingerprint() -> tuple:
    policies = DeadlinePolicy.objects.aggregate(
        rows=Count("pk"),
        last=Max("pk"),
        effective=Max("effective_from"),
        minutes=Sum("sign_minutes") + Sum("contact_minutes") + Sum("reply_amount") + Sum("max_extensions"),
        ratio=Sum("warning_ratio"),
    )
    days = CalendarDay.objects.aggregate(
        rows=Count("pk"), last=Max("pk"), workdays=Count("pk", filter=Q(is_workday=True))
    )
    return (*policies.values(), *days.values())


_copy: ProcessCopy[DeadlineReference] = ProcessCopy(
    name="dispatch.deadline_reference", build=_build, fingerprint=_fingerprint
)


def deadline_reference() -> DeadlineReference:
    return _copy.get()


def deadline_reference_changed(**_signal) -> None:
    """Receiver for saves and deletes of policies and calendar days."""
    _copy.invalidate()


def deadline_reference_forget() -> None:
    """Drop this process's copy only (tests: rows a rolled-back test made must not linger)."""
    _copy.forget()
