from dispatch.models.assignments import Assignment, ContactRecord, UnitRequest
from dispatch.models.deadlines import CalendarDay, Clock, ClockAlert, DeadlinePolicy
from dispatch.models.routing import (
    PlaceAlias,
    ResponsibilityEntry,
    RoutingDecision,
    RoutingRule,
    StreetBoundary,
)

__all__ = [
    "Assignment",
    "CalendarDay",
    "Clock",
    "ClockAlert",
    "ContactRecord",
    "DeadlinePolicy",
    "PlaceAlias",
    "ResponsibilityEntry",
    "RoutingDecision",
    "RoutingRule",
    "StreetBoundary",
    "UnitRequest",
]
