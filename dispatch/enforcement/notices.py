"""What a recorded warning or breach tells whom: on a warning, the unit's members; on a breach,
also the supervisors of the unit's district and every hotline dispatcher (the table in
``notifications.events``)."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone

from dispatch.enforcement.thresholds import WARNING, Threshold
from dispatch.models import Assignment, Clock
from notifications.events import Subject
from notifications.services import Notice, event_notices


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

    def subject(clock: CrossedClock) -> Subject:
        unit_id, unit_name, ticket_id, number = assignments[clock.assignment_id]
        return Subject(
            dedupe_key=dedupe_key(threshold, clock.pk),
            values={
                "number": number,
                "unit": unit_name,
                "clock": Clock.Kind(clock.kind).label,
                "due": f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}",
            },
            unit_id=unit_id,
            ticket_id=ticket_id,
        )

    # Who is told and the words are the table's (notifications.events: deadline_warning, _breach).
    return event_notices((f"deadline_{threshold.alert}", subject(clock)) for clock in clocks)
