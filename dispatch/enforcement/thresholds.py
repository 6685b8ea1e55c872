"""The two points a running clock can cross, and the query that finds the clocks past one."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet

from dispatch.models import Clock, ClockAlert


@dataclass(frozen=True)
class Threshold:
    alert: str  # the ClockAlert kind recorded when it is crossed
    at_field: str  # when the clock crosses it
    flag_field: str  # set once recorded: takes the clock out of the partial index below
    index_name: str


WARNING = Threshold(ClockAlert.Kind.WARNING, "warn_at", "warned", "clock_running_warn_idx")
BREACH = Threshold(ClockAlert.Kind.BREACH, "due_at", "breached", "clock_running_due_idx")


def clocks_past(threshold: Threshold, now: datetime) -> QuerySet[Clock]:
    """Running clocks past ``threshold`` whose alert is not recorded yet, earliest first.

    The filter is exactly the partial index's condition and the order its column, so the database
    walks the index from its start and stops at ``now`` (or at the caller's LIMIT): the cost is
    what is due, however many clocks are running."""
    return Clock.objects.filter(
        **{"stopped_at__isnull": True, threshold.flag_field: False, f"{threshold.at_field}__lte": now}
    ).order_by(threshold.at_field)
