"""The monthly ranking of one kind of unit, computed live (not frozen): see metrics.computation for
what each rate means and metrics.formulas for how units are ranked."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from metrics.computation import unit_counts
from metrics.formulas import Counts, Rates, Standing, Terms, figure, rates_of, sample_sufficient, standings
from metrics.models import ScoringScheme
from metrics.periods import month_bounds, month_of, previous_month
from metrics.selectors import scheme_in_force, snapshot_ranks
from metrics.territory import level_of
from units.models import Unit


@dataclass(frozen=True)
class RankingLine:
    unit_id: int
    unit_code: str
    unit_name: str
    counts: Counts
    rates: Rates
    standing: Standing
    level: str = ""  # departments and enterprises: "city" or "district" (metrics.territory)

    @property
    def response_rate(self) -> Decimal | None:
        return figure(self.rates.response)

    @property
    def resolution_rate(self) -> Decimal | None:
        return figure(self.rates.resolution)

    @property
    def satisfaction_rate(self) -> Decimal | None:
        return figure(self.rates.satisfaction)

    @property
    def on_time_reply_rate(self) -> Decimal | None:
        return figure(self.rates.on_time_reply)

    @property
    def composite(self) -> Decimal | None:
        return figure(self.rates.composite)


@dataclass(frozen=True)
class Ranking:
    month: date
    unit_kind: str
    period_start: datetime
    period_end: datetime
    scheme: ScoringScheme
    ranked: list[RankingLine]  # by level, rank, then unit code
    unranked: list[RankingLine]  # below the minimum sample, by unit code

    @property
    def terms(self) -> Terms:
        return self.scheme.terms()


def ranking_compute(*, month: date, unit_kind: str, as_of: datetime | None = None) -> Ranking:
    """One kind of unit's ranking for a month: every active unit of the kind, and any inactive one
    with figures in the month; departments and enterprises are ranked within their level (city or
    district), each level a table with its own top and bottom lists. The change is against the
    version in force of last month's snapshot. A constant number of queries (scheme, the territory,
    four aggregates, units, last month's ranks)."""
    month = month_of(month)
    scheme = scheme_in_force(unit_kind=unit_kind, on=month)
    if scheme is None:
        raise ValidationError(
            _("No scoring scheme for %(kind)s is in force on %(date)s.")
            % {"kind": Unit.Kind(unit_kind).label, "date": month.isoformat()}
        )
    terms = scheme.terms()
    start, end = month_bounds(month)
    counts = unit_counts(unit_kind=unit_kind, start=start, end=end, as_of=as_of or timezone.now())
    units = list(
        Unit.objects.filter(kind=unit_kind)
        .filter(Q(is_active=True) | Q(pk__in=list(counts)))
        .values_list("pk", "code", "name", "parent__kind")
    )
    level = {pk: level_of(unit_kind=unit_kind, parent_kind=parent) for pk, _code, _name, parent in units}
    sample = {pk: counts.get(pk, Counts()) for pk in level}
    rates = {pk: rates_of(sample[pk], terms) for pk in sample}
    previous = snapshot_ranks(month=previous_month(month), unit_kind=unit_kind)
    placed = {}
    for table_level in set(level.values()):
        members = [pk for pk in sample if level[pk] == table_level]
        placed |= standings(
            {pk: figure(rates[pk].composite) for pk in members},
            eligible={pk for pk in members if sample_sufficient(sample[pk], terms)},
            terms=terms,
            previous_ranks=previous,
        )
    table = [
        RankingLine(
            unit_id=pk,
            unit_code=code,
            unit_name=name,
            counts=sample[pk],
            rates=rates[pk],
            standing=placed[pk],
            level=level[pk],
        )
        for pk, code, name, _parent in units
    ]
    return Ranking(
        month=month,
        unit_kind=unit_kind,
        period_start=start,
        period_end=end,
        scheme=scheme,
        ranked=sorted(
            (line for line in table if line.standing.ranked),
            key=lambda line: (line.level, line.standing.rank, line.unit_code),
        ),
        unranked=sorted(
            (line for line in table if not line.standing.ranked),
            key=lambda line: (line.level, line.unit_code),
        ),
    )
