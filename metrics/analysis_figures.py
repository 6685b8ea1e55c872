"""The analysis page's figures for one period — volumes, top categories and addresses, the districts'
volumes, the street table — computed in one place (``period_figures_compute``), and kept for the
city-wide page of the live periods by the periodic task (``AnalysisFigures``): at 2 M tickets a
month they take seconds to compute, the page reads them in milliseconds.

Which periods are kept: today, this week and this month, refreshed on each run, and the day, week
and month before them, computed once more after they end (then final). Other periods, and a
district's page, are computed on the request: the indexes on the tickets' reception and the clocks'
due times bound that work to the period (a day's or a district's share of the month)."""

from dataclasses import asdict, dataclass, replace
from datetime import datetime
from decimal import Decimal

from django.utils import timezone

from metrics.analyses import (
    AddressRow,
    Period,
    PeriodKind,
    StreetLine,
    VolumeRow,
    district_volumes,
    period_of,
    street_table,
    top_addresses,
    top_categories,
    volume_by,
)
from metrics.formulas import Counts
from metrics.models import AnalysisFigures
from metrics.proactive import ProactiveShare, proactive_share
from units.models import Unit

VOLUME_FIELDS = ("channel", "request_type", "category")
STREET_RATES = ("response_rate", "resolution_rate", "satisfaction_rate", "composite")


@dataclass(frozen=True)
class PeriodFigures:
    volumes: dict[str, list[VolumeRow]]  # by VOLUME_FIELDS
    top_categories: list[VolumeRow]
    top_addresses: list[AddressRow]
    district_volumes: dict[int, int]
    streets: list[StreetLine]
    proactive: ProactiveShare | None = None  # None: kept before the share was (see period_figures)
    computed_at: datetime | None = None  # None: computed for this request

    def as_json(self) -> dict:
        return {
            "volumes": {field: [asdict(row) for row in rows] for field, rows in self.volumes.items()},
            "top_categories": [asdict(row) for row in self.top_categories],
            "top_addresses": [asdict(row) for row in self.top_addresses],
            "district_volumes": {str(pk): count for pk, count in self.district_volumes.items()},
            "streets": [
                {
                    **asdict(line),
                    **{
                        name: None if getattr(line, name) is None else str(getattr(line, name))
                        for name in STREET_RATES
                    },
                }
                for line in self.streets
            ],
            "proactive": asdict(self.proactive) if self.proactive else None,
        }

    @classmethod
    def from_json(cls, stored: dict, *, computed_at: datetime) -> "PeriodFigures":
        return cls(
            volumes={field: [VolumeRow(**row) for row in rows] for field, rows in stored["volumes"].items()},
            top_categories=[VolumeRow(**row) for row in stored["top_categories"]],
            top_addresses=[AddressRow(**row) for row in stored["top_addresses"]],
            district_volumes={int(pk): count for pk, count in stored["district_volumes"].items()},
            streets=[
                StreetLine(
                    **{
                        **line,
                        "counts": Counts(**line["counts"]),
                        **{
                            name: None if line[name] is None else Decimal(line[name]) for name in STREET_RATES
                        },
                    }
                )
                for line in stored["streets"]
            ],
            proactive=ProactiveShare(**stored["proactive"]) if stored.get("proactive") else None,
            computed_at=computed_at,
        )


def period_figures_compute(period: Period, *, district: Unit | None = None) -> PeriodFigures:
    """The figures of ``period`` (city-wide, or ``district``'s), from the tickets and the records."""
    span = {"start": period.start, "end": period.end, "district": district}
    return PeriodFigures(
        volumes={field: volume_by(field, **span) for field in VOLUME_FIELDS},
        top_categories=top_categories(**span),
        top_addresses=top_addresses(**span),
        district_volumes=district_volumes(start=period.start, end=period.end),
        streets=street_table(**span),
        proactive=proactive_share(**span),
    )


def period_figures(period: Period, *, district: Unit | None = None) -> PeriodFigures:
    """What the analysis page shows for ``period``: the city-wide figures the periodic task kept,
    else computed now."""
    if district is None:
        kept = AnalysisFigures.objects.filter(kind=period.kind, first_day=period.first_day).first()
        if kept is not None:
            figures = PeriodFigures.from_json(kept.figures, computed_at=kept.computed_at)
            if figures.proactive is None:  # kept before the share was part of the figures
                figures = replace(figures, proactive=proactive_share(start=period.start, end=period.end))
            return figures
    return period_figures_compute(period, district=district)


def kept_periods(now: datetime) -> list[Period]:
    """The periods the periodic task keeps: each kind's current one and the one before it."""
    today = timezone.localdate(now)
    periods = []
    for kind in PeriodKind:
        current = period_of(kind, today)
        periods += [period_of(kind, current.previous_day), current]
    return periods
