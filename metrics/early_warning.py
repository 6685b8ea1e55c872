"""Early warning for 未诉先办 (act before anyone calls): a street where one category of problem rises
well above its own recent level this week.

The rule, for each (street, category) pair and the week [week_start, week_start + 7 days):

- *count*: the week's tickets of the category whose lead unit is the street;
- *baseline*: the counts of the ``weeks`` (default 8) weeks before, zeros included; *mean* their
  mean, *sd* their sample standard deviation (divisor weeks − 1);
- flagged when **count ≥ min_count** (default 5) **and count > mean + sigma × max(sd, 1)** (default
  sigma 3). Flooring the deviation at 1 keeps a flat baseline (say 0, 0, … 0) from flagging a
  single extra ticket: over a zero baseline it takes more than 3, and min_count, to be flagged.

A ticket's street is the unit of its lead assignment in force (see metrics.analyses) when that unit
is a street; its category is the ticket's own category (the leaf, 三级分类: "占道经营", not
"市容环境"), so that a flag names a concrete problem to act on. Weeks are Monday to Sunday in the
city's time zone; the week being flagged may still be running (its count so far).

The parameters are the statistical rule's, not policy deadlines: keyword arguments with the defaults
above. The counts come from one grouped query over the nine weeks, whatever the number of streets;
two more load the flagged streets and categories."""

import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from dispatch.selectors import current_leads
from hotline.models import Category, Ticket
from units.models import Unit

DEFAULT_WEEKS = 8
DEFAULT_MIN_COUNT = 5
DEFAULT_SIGMA = 3.0
SD_FLOOR = 1.0


@dataclass(frozen=True)
class EarlyWarning:
    street: Unit
    category: Category
    count: int
    baseline_mean: float
    baseline_sd: float
    threshold: float

    @property
    def excess(self) -> float:
        """How far the week's count is above the threshold."""
        return self.count - self.threshold


@dataclass(frozen=True)
class Judgement:
    mean: float
    sd: float
    threshold: float
    flagged: bool


def judge(*, count: int, baseline: Sequence[int], min_count: int, sigma: float) -> Judgement:
    """The rule applied to one pair's week and baseline counts (no database)."""
    if len(baseline) < 2:
        raise ValueError("the baseline needs at least two weeks for a standard deviation")
    mean = statistics.fmean(baseline)
    sd = statistics.stdev(baseline)
    threshold = mean + sigma * max(sd, SD_FLOOR)
    return Judgement(mean=mean, sd=sd, threshold=threshold, flagged=count >= min_count and count > threshold)


def _week_edges(week_start: date, weeks: int) -> list[datetime]:
    """Midnights from the first baseline week's Monday to the end of the flagged week."""
    zone = timezone.get_default_timezone()
    first = week_start - timedelta(weeks=weeks)
    return [datetime.combine(first + timedelta(weeks=n), time.min, tzinfo=zone) for n in range(weeks + 2)]


def _check_week_start(week_start: date) -> None:
    if week_start.weekday() != 0:
        raise ValueError(f"week_start must be a Monday, not {week_start:%A} {week_start.isoformat()}")


def _weekly_counts(
    *,
    week_start: date,
    weeks: int,
    min_count: int,
    street: Unit | None = None,
    category: Category | None = None,
) -> QuerySet:
    """Rows (unit_id, ticket__category_id, week_0 … week_<weeks>) for the pairs with at least
    ``min_count`` tickets in the flagged week (``week_<weeks>``): one grouped query."""
    _check_week_start(week_start)
    edges = _week_edges(week_start, weeks)
    per_week = {
        f"week_{n}": Count(
            "ticket_id", filter=Q(ticket__received_at__gte=edges[n], ticket__received_at__lt=edges[n + 1])
        )
        for n in range(weeks + 1)
    }
    leads = current_leads().filter(
        unit__kind=Unit.Kind.STREET, ticket__received_at__gte=edges[0], ticket__received_at__lt=edges[-1]
    )
    if street is not None:
        leads = leads.filter(unit=street)
    if category is not None:
        leads = leads.filter(ticket__category=category)
    return (
        leads.order_by()
        .values("unit_id", "ticket__category_id")
        .annotate(**per_week)
        # Only a pair reaching the minimum this week can be flagged: the database drops the rest.
        .filter(**{f"week_{weeks}__gte": min_count})
    )


def early_warnings(
    *,
    week_start: date,
    weeks: int = DEFAULT_WEEKS,
    min_count: int = DEFAULT_MIN_COUNT,
    sigma: float = DEFAULT_SIGMA,
) -> list[EarlyWarning]:
    """The flagged (street, category) pairs of the week starting on ``week_start`` (a Monday), the
    furthest above its threshold first (then by street and category code)."""
    found = []
    for row in _weekly_counts(week_start=week_start, weeks=weeks, min_count=min_count):
        count = row[f"week_{weeks}"]
        judgement = judge(
            count=count, baseline=[row[f"week_{n}"] for n in range(weeks)], min_count=min_count, sigma=sigma
        )
        if judgement.flagged:
            found.append((row["unit_id"], row["ticket__category_id"], count, judgement))
    streets = Unit.objects.in_bulk({street_id for street_id, *_rest in found})
    categories = Category.objects.in_bulk({category_id for _street, category_id, *_rest in found})
    warnings = [
        EarlyWarning(
            street=streets[street_id],
            category=categories[category_id],
            count=count,
            baseline_mean=judgement.mean,
            baseline_sd=judgement.sd,
            threshold=judgement.threshold,
        )
        for street_id, category_id, count, judgement in found
    ]
    return sorted(warnings, key=lambda w: (-w.excess, w.street.code, w.category.code))


def pair_assessment(
    *,
    street: Unit,
    category: Category,
    week_start: date,
    weeks: int = DEFAULT_WEEKS,
    min_count: int = DEFAULT_MIN_COUNT,
    sigma: float = DEFAULT_SIGMA,
) -> tuple[EarlyWarning, bool]:
    """One pair's figures under the rule, flagged or not (for the page behind a flag, which a later
    change of the tickets may have cleared): the figures, and whether they make a flag."""
    row = _weekly_counts(week_start=week_start, weeks=weeks, min_count=0, street=street, category=category)
    counts = next(iter(row), {})
    count = counts.get(f"week_{weeks}", 0)
    judgement = judge(
        count=count,
        baseline=[counts.get(f"week_{n}", 0) for n in range(weeks)],
        min_count=min_count,
        sigma=sigma,
    )
    warning = EarlyWarning(
        street=street,
        category=category,
        count=count,
        baseline_mean=judgement.mean,
        baseline_sd=judgement.sd,
        threshold=judgement.threshold,
    )
    return warning, judgement.flagged


def warning_tickets(warning: EarlyWarning, week_start: date) -> QuerySet[Ticket]:
    """The tickets behind a flag: the week's tickets of its category led by its street, oldest
    first."""
    _check_week_start(week_start)
    start, end = _week_edges(week_start, 0)
    return (
        Ticket.objects.filter(
            received_at__gte=start,
            received_at__lt=end,
            category=warning.category,
            pk__in=current_leads().filter(unit=warning.street).values("ticket_id"),
        )
        .select_related("category", "request_type")
        .order_by("received_at", "pk")
    )


def _cache_key(week_start: date) -> str:
    return f"metrics:warnings:{week_start.isoformat()}"


def _cache_seconds(week_start: date) -> int:
    """The running week's warnings outlive two runs of the periodic task that refreshes them, so a
    page never waits for one; a finished week's do not change, and are kept for a day."""
    if week_start + timedelta(days=7) <= timezone.localdate():
        return 24 * 60 * 60
    return 2 * 60 * settings.METRICS_LIVE_FIGURES_MINUTES + 60


def early_warnings_cache_refresh(*, week_start: date, only_missing: bool = False) -> list[EarlyWarning]:
    """Compute a week's warnings (with the default rule) into the cache — the periodic task's part;
    with ``only_missing``, only if the cache has none."""
    if only_missing:
        cached = cache.get(_cache_key(week_start))
        if cached is not None:
            return cached
    warnings = early_warnings(week_start=week_start)
    cache.set(_cache_key(week_start), warnings, _cache_seconds(week_start))
    return warnings


def cached_early_warnings(*, week_start: date) -> list[EarlyWarning]:
    """A week's warnings with the default rule, as the periodic task last computed them (computed
    here only when the cache has lost them)."""
    return early_warnings_cache_refresh(week_start=week_start, only_missing=True)
