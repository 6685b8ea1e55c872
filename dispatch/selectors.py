from django.db.models import Case, IntegerField, Prefetch, QuerySet, Value, When

from dispatch.models import RoutingDecision
from hotline.models import Ticket, Tier
from hotline.selectors.tickets import visible_tickets

TIER_ORDER = Case(
    *(When(tier=tier, then=Value(rank)) for rank, tier in enumerate(Tier.values)),
    default=Value(len(Tier.values)),
    output_field=IntegerField(),
)


def dispatch_queue(user) -> QuerySet[Ticket]:
    """Tickets waiting for a person to dispatch them: most urgent tier first, then oldest, each
    with the router's newest decision (its proposal, evidence and candidates)."""
    decisions = RoutingDecision.objects.select_related("lead_unit", "district").order_by("-created_at", "-id")
    return (
        visible_tickets(user)
        .filter(status=Ticket.Status.PENDING)
        .annotate(tier_rank=TIER_ORDER)
        .order_by("tier_rank", "received_at")
        .prefetch_related(Prefetch("routing_decisions", queryset=decisions, to_attr="decisions"))
    )
