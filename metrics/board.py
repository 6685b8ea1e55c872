"""What a ranking page and its exports show, from one place, so that the numbers on the page and in
the files cannot differ: a month's published snapshot (a chosen version, or the one in force), or —
for a month not frozen yet — the figures the periodic task last computed (``LiveFigures``). No
request computes a month: a page reads one snapshot or one row of live figures."""

from dataclasses import asdict, dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from metrics.formulas import Counts, Terms
from metrics.models import LiveFigures, RankingSnapshot
from metrics.periods import month_of
from metrics.ranking import RankingLine
from metrics.selectors import snapshot_rows, snapshot_versions
from metrics.territory import CITY_LEVEL, LEVEL_LABELS

HUNDREDTH = Decimal("0.01")


def percent(rate: Decimal | None) -> Decimal | None:
    """A rate as the percentage shown everywhere (two places, half up): 0.857143 → 85.71."""
    return None if rate is None else (rate * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def rounded(value: Decimal | None) -> Decimal | None:
    """A figure as shown without scaling (e.g. a mean rating): two places, half up."""
    return None if value is None else value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def score(composite: Decimal | None) -> Decimal | None:
    """The composite as shown: out of 100, two places."""
    return percent(composite)


@dataclass(frozen=True)
class BoardRow:
    unit_id: int
    unit_code: str
    unit_name: str
    counts: Counts
    response_rate: Decimal | None
    resolution_rate: Decimal | None
    satisfaction_rate: Decimal | None
    composite: Decimal | None
    ranked: bool
    rank: int | None
    rank_change: int | None
    is_top: bool
    is_bottom: bool
    on_time_reply_rate: Decimal | None = None
    level: str = ""

    @cached_property
    def shown(self) -> dict:
        """The figures as displayed (percentages, score out of 100)."""
        return {
            "response": percent(self.response_rate),
            "on_time_reply": percent(self.on_time_reply_rate),
            "resolution": percent(self.resolution_rate),
            "satisfaction": percent(self.satisfaction_rate),
            "composite": score(self.composite),
        }


@dataclass(frozen=True)
class BoardTable:
    """One ranking table: a kind's units, or one level of departments (city, district)."""

    level: str
    ranked: list[BoardRow]
    unranked: list[BoardRow]

    @property
    def label(self) -> str:
        return str(LEVEL_LABELS.get(self.level, ""))


@dataclass(frozen=True)
class Board:
    month: date
    unit_kind: str
    terms: Terms
    ranked: list[BoardRow]
    unranked: list[BoardRow]
    snapshot: RankingSnapshot | None  # None: live, not frozen yet
    versions: list[RankingSnapshot]
    computed_at: datetime | None = None  # live figures: when the periodic task computed them

    @property
    def rows(self) -> list[BoardRow]:
        return [*self.ranked, *self.unranked]

    @property
    def tables(self) -> list[BoardTable]:
        """The tables units are ranked in: one per level, city before district."""
        levels = sorted({row.level for row in self.rows}, key=lambda level: (level != CITY_LEVEL, level))
        return [
            BoardTable(
                level=level,
                ranked=[row for row in self.ranked if row.level == level],
                unranked=[row for row in self.unranked if row.level == level],
            )
            for level in levels or [""]
        ]


class FiguresNotComputed(ValidationError):
    """A month not frozen whose live figures the periodic task has not computed yet."""


def line_as_json(line: RankingLine) -> dict:
    """A ranking line as stored in ``LiveFigures.lines``: the board row's fields, rates as strings."""
    return {
        "unit_id": line.unit_id,
        "unit_code": line.unit_code,
        "unit_name": line.unit_name,
        "counts": asdict(line.counts),
        **{
            name: None if value is None else str(value)
            for name, value in (
                ("response_rate", line.response_rate),
                ("resolution_rate", line.resolution_rate),
                ("satisfaction_rate", line.satisfaction_rate),
                ("on_time_reply_rate", line.on_time_reply_rate),
                ("composite", line.composite),
            )
        },
        "level": line.level,
        "ranked": line.standing.ranked,
        "rank": line.standing.rank,
        "rank_change": line.standing.rank_change,
        "is_top": line.standing.is_top,
        "is_bottom": line.standing.is_bottom,
    }


RATE_FIELDS = ("response_rate", "resolution_rate", "satisfaction_rate", "on_time_reply_rate", "composite")


def _from_json(stored: dict) -> BoardRow:
    rates = {name: None if stored[name] is None else Decimal(stored[name]) for name in RATE_FIELDS}
    plain = {name: value for name, value in stored.items() if name not in RATE_FIELDS and name != "counts"}
    return BoardRow(counts=Counts(**stored["counts"]), **rates, **plain)


def ranking_board(*, month: date, unit_kind: str, version: int | None = None) -> Board:
    month = month_of(month)
    versions = list(snapshot_versions(month=month, unit_kind=unit_kind).select_related("created_by"))
    snapshot = next((s for s in versions if version is None or s.version == version), None)
    if snapshot is not None:
        rows = [
            BoardRow(
                unit_id=row.unit_id,
                unit_code=row.unit_code,
                unit_name=row.unit_name,
                counts=row.counts,
                response_rate=row.response_rate,
                resolution_rate=row.resolution_rate,
                satisfaction_rate=row.satisfaction_rate,
                on_time_reply_rate=row.on_time_reply_rate,
                level=row.level,
                composite=row.composite,
                ranked=row.ranked,
                rank=row.rank,
                rank_change=row.rank_change,
                is_top=row.is_top,
                is_bottom=row.is_bottom,
            )
            for row in snapshot_rows(snapshot)
        ]
        terms = Terms(**{name: _term(name, value) for name, value in snapshot.scheme_terms.items()})
        return Board(
            month=month,
            unit_kind=unit_kind,
            terms=terms,
            ranked=[row for row in rows if row.ranked],
            unranked=[row for row in rows if not row.ranked],
            snapshot=snapshot,
            versions=versions,
        )
    live = LiveFigures.objects.filter(month=month, unit_kind=unit_kind).first()
    if live is None:
        raise FiguresNotComputed(
            _(
                "The figures of %(month)s are not computed yet: they are computed every %(minutes)s "
                "minutes. Look again shortly."
            )
            % {"month": f"{month:%Y-%m}", "minutes": settings.METRICS_LIVE_FIGURES_MINUTES}
        )
    rows = [_from_json(stored) for stored in live.lines]
    return Board(
        month=month,
        unit_kind=unit_kind,
        terms=Terms(**{name: _term(name, value) for name, value in live.scheme_terms.items()}),
        ranked=[row for row in rows if row.ranked],
        unranked=[row for row in rows if not row.ranked],
        snapshot=None,
        versions=versions,
        computed_at=live.computed_at,
    )


def _term(name: str, value: str):
    return int(value) if name in {"min_assessed", "top_n", "bottom_n"} else Decimal(value)
