"""The proactive share (主动发现率, the measure of 未诉先办): of the tickets received in a period,
the part that no citizen called in — grid workers' reports (channel "grid") — counted in one
aggregate query, with the same territory rule as every volume of the analysis page."""

from dataclasses import dataclass
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q

from hotline.models import Channel
from metrics.analyses import tickets_received
from units.models import Unit

# The channels whose tickets were found before anyone called.
PROACTIVE_CHANNELS = (Channel.GRID,)


@dataclass(frozen=True)
class ProactiveShare:
    proactive: int
    total: int

    @property
    def rate(self) -> Decimal | None:
        """The share as a fraction with four places; None when nothing was received."""
        if not self.total:
            return None
        return (Decimal(self.proactive) / Decimal(self.total)).quantize(Decimal("0.0001"), ROUND_HALF_UP)

    @property
    def percent(self) -> Decimal | None:
        return None if self.rate is None else (self.rate * 100).quantize(Decimal("0.1"), ROUND_HALF_UP)


def proactive_share(*, start: datetime, end: datetime, district: Unit | None = None) -> ProactiveShare:
    """Tickets received in [start, end) found proactively ÷ all of them (``district``: those whose
    lead unit lies in it). Both counts in one query."""
    counts = (
        tickets_received(start=start, end=end, district=district)
        .order_by()
        .aggregate(total=Count("pk"), proactive=Count("pk", filter=Q(channel__in=PROACTIVE_CHANNELS)))
    )
    return ProactiveShare(proactive=counts["proactive"], total=counts["total"])
