from dispatch.models.assignments import Assignment, ContactRecord, UnitRequest
from dispatch.models.deadlines import CalendarDay, Clock, ClockAlert, DeadlinePolicy
from dispatch.models.routing import (
    PlaceAlias,
    ResponsibilityEntry,
    RoutingDecision,
    RoutingRule,
    StreetBoundary,
)
from dispatch.models.sub_orders import SubOrder

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
    "SubOrder",
    "UnitRequest",
]
