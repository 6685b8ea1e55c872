"""What the drills count in the database: which of their tickets are routed, and how often.

Routed means the router has had its say: the ticket left "pending" (dispatched at once), or it
waits in the dispatchers' queue with a stored routing decision that was not applied
(dispatch.services.ticket_route)."""

from dataclasses import dataclass

from django.db.models import Count, Q

from dispatch.models import Assignment, RoutingDecision
from hotline.models import Ticket


@dataclass(frozen=True)
class RoutingFigures:
    filed: int
    routed: int
    routed_once: int
    decided_twice: int
    doubled_leads: int

    def describe(self) -> str:
        return (
            f"routed {self.routed}/{self.filed}, once {self.routed_once}, "
            f"decided more than once {self.decided_twice}, doubled lead assignments {self.doubled_leads}"
        )


def drill_tickets(*, marker: str, using: str = "default"):
    return Ticket.objects.using(using).filter(content__contains=marker)


def routing_figures(*, marker: str, using: str = "default") -> RoutingFigures:
    """Figures for the tickets whose content carries ``marker``. Routed once: one routing decision
    and at most one lead assignment."""
    tickets = drill_tickets(marker=marker, using=using).annotate(
        decisions=Count("routing_decisions", distinct=True),
        leads=Count("assignments", filter=Q(assignments__role=Assignment.Role.LEAD), distinct=True),
    )
    rows = list(tickets.values_list("status", "decisions", "leads"))
    return RoutingFigures(
        filed=len(rows),
        routed=sum(status != Ticket.Status.PENDING or decisions > 0 for status, decisions, _leads in rows),
        routed_once=sum(decisions == 1 and leads <= 1 for _status, decisions, leads in rows),
        decided_twice=sum(decisions > 1 for _status, decisions, _leads in rows),
        doubled_leads=sum(leads > 1 for _status, _decisions, leads in rows),
    )


def unrouted_ids(*, marker: str, using: str = "default") -> list[int]:
    return list(
        drill_tickets(marker=marker, using=using)
        .filter(status=Ticket.Status.PENDING)
        .exclude(pk__in=RoutingDecision.objects.using(using).values("ticket_id"))
        .values_list("pk", flat=True)
    )
