"""What a recorded warning or breach tells whom: on a warning, the unit's members; on a breach,
also the supervisors of the unit's district and every hotline dispatcher."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Role
from dispatch.enforcement.thresholds import BREACH, WARNING, Threshold
from dispatch.models import Assignment, Clock
from notifications.recipients import district_supervisor_ids, role_holder_ids, unit_member_ids
from notifications.services import Notice


@dataclass(frozen=True)
class CrossedClock:
    pk: int
    kind: str
    due_at: datetime
    assignment_id: int
    warn_at: datetime
    warned: bool  # its warning is recorded already


def dedupe_key(threshold: Threshold, clock_id: int) -> str:
    return f"clock:{clock_id}:{threshold.alert}"


def _text(threshold: Threshold, *, number: str, unit: str, clock: CrossedClock) -> str:
    values = {
        "number": number,
        "unit": unit,
        "clock": Clock.Kind(clock.kind).label,
        "due": f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
    }
    if threshold is WARNING:
        return _("Ticket %(number)s: %(unit)s must complete “%(clock)s” by %(due)s.") % values
    return _("Ticket %(number)s: %(unit)s missed the “%(clock)s” deadline (%(due)s).") % values


def clock_alert_notices(*, threshold: Threshold, clocks: list[CrossedClock], now: datetime) -> list[Notice]:
    """The notices for newly recorded alerts, in a fixed number of queries however many clocks."""
    if threshold is WARNING:
        # A warning found after the deadline has passed too (catching up after an outage) is
        # recorded but not sent: the breach notice that follows says more, and says it once.
        clocks = [clock for clock in clocks if clock.due_at > now]
    if not clocks:
        return []
    assignments = {
        pk: (unit_id, unit_name, ticket_id, number)
        for pk, unit_id, unit_name, ticket_id, number in Assignment.objects.filter(
            pk__in={clock.assignment_id for clock in clocks}
        ).values_list("pk", "unit_id", "unit__name", "ticket_id", "ticket__number")
    }
    unit_ids = {unit_id for unit_id, *_rest in assignments.values()}
    members = unit_member_ids(unit_ids)
    supervisors, dispatchers = ({}, set())
    if threshold is BREACH:
        supervisors, dispatchers = district_supervisor_ids(unit_ids), role_holder_ids(Role.DISPATCHER)

    notices = []
    # Stored text is read later by anyone; write it in the site's language, not the caller's.
    with translation.override(settings.LANGUAGE_CODE):
        for clock in clocks:
            unit_id, unit_name, ticket_id, number = assignments[clock.assignment_id]
            recipients = members.get(unit_id, set()) | supervisors.get(unit_id, set()) | dispatchers
            text = _text(threshold, number=number, unit=unit_name, clock=clock)
            notices.extend(
                Notice(
                    user_id=user_id,
                    kind=f"deadline_{threshold.alert}",
                    text=text,
                    dedupe_key=dedupe_key(threshold, clock.pk),
                    ticket_id=ticket_id,
                )
                for user_id in recipients
            )
    return notices
