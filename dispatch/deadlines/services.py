"""Changing the deadline policy and the working calendar. A policy row is added, never edited: it
takes effect from a moment not yet passed, so running clocks and recorded results keep the policy
they started under. A calendar day may be set or cleared at any time (the State Council's notice
arrives late in the year); clocks already running keep their due times."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dispatch.models import CalendarDay, DeadlinePolicy


@transaction.atomic
def deadline_policy_add(*, actor, tier: str, effective_from, **limits) -> DeadlinePolicy:
    if effective_from < timezone.now():
        raise ValidationError(
            {"effective_from": _("A new policy takes effect from now or later; the past stays as it was.")}
        )
    if DeadlinePolicy.objects.filter(tier=tier, effective_from=effective_from).exists():
        raise ValidationError({"effective_from": _("This tier already has a policy from that moment.")})
    policy = DeadlinePolicy(tier=tier, effective_from=effective_from, **limits)
    policy.full_clean()
    policy.save()
    return policy


@transaction.atomic
def calendar_day_set(*, actor, day: date, is_workday: bool, note: str = "") -> CalendarDay:
    calendar_day, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_workday": is_workday, "note": note}
    )
    return calendar_day


@transaction.atomic
def calendar_day_clear(*, actor, day: date) -> int:
    deleted, _rows = CalendarDay.objects.filter(date=day).delete()
    return deleted
