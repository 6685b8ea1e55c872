"""双考核: departments (and public-service enterprises) are assessed twice — on the orders they lead,
like every unit (the ranking board), and on the whistles that summon them: on-time acknowledgement,
on-time arrival and the streets' ratings, weighted by the scheme in force for their kind.

Whistle score (metrics.formulas.whistle_score) = w_ack × on-time acknowledgement rate
              + w_arrival × on-time arrival rate + w_rating × (mean of the three mean ratings ÷ 5).
A department is ranked on whistles when summoned at least ``min_summonses`` times in the month and
rated at least once; the others are listed apart."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from metrics.board import FiguresNotComputed, ranking_board
from metrics.formulas import competition_ranks, decimal_figure, mean_rating, whistle_score
from metrics.periods import month_bounds, month_of
from metrics.selectors import scheme_in_force
from streets.statistics import department_whistle_stats
from units.models import Unit


@dataclass(frozen=True)
class DepartmentLine:
    unit_id: int
    unit_code: str
    unit_name: str
    summonses: int
    acknowledge_rate: Decimal | None
    arrival_rate: Decimal | None
    ratings: int
    mean_rating: Decimal | None  # 1–5
    whistle_score: Decimal | None  # 0–1
    whistle_rank: int | None
    orders_composite: Decimal | None  # from the ranking board (orders led)
    orders_rank: int | None


def department_assessment(*, month: date, unit_kind: str = Unit.Kind.DEPARTMENT) -> tuple[list, list]:
    """(ranked lines by whistle rank, unranked lines by code) for the month. A fixed number of queries."""
    month = month_of(month)
    scheme = scheme_in_force(unit_kind=unit_kind, on=month)
    if scheme is None:
        raise ValidationError(
            _("No scoring scheme for %(kind)s is in force on %(date)s.")
            % {"kind": Unit.Kind(unit_kind).label, "date": month.isoformat()}
        )
    start, end = month_bounds(month)
    units = list(
        Unit.objects.filter(kind=unit_kind, is_active=True).order_by("code").values_list("pk", "code", "name")
    )
    stats = department_whistle_stats(start=start, end=end, department_ids=[pk for pk, _code, _name in units])
    try:
        orders = {row.unit_id: row for row in ranking_board(month=month, unit_kind=unit_kind).rows}
    except FiguresNotComputed:  # the orders' columns stay empty until the periodic task has run
        orders = {}

    lines = []
    for pk, code, name in units:
        figures = stats[pk]
        rating = mean_rating([figures.mean_timeliness, figures.mean_cooperation, figures.mean_result])
        eligible = figures.summonses >= scheme.min_summonses and figures.ratings > 0
        score = None
        if eligible:
            score = whistle_score(
                acknowledge_rate=figures.acknowledge_rate,
                arrival_rate=figures.arrival_rate,
                mean_rating=rating,
                weight_acknowledge=scheme.weight_whistle_acknowledge,
                weight_arrival=scheme.weight_whistle_arrival,
                weight_rating=scheme.weight_whistle_rating,
            )
        order_row = orders.get(pk)
        lines.append(
            DepartmentLine(
                unit_id=pk,
                unit_code=code,
                unit_name=name,
                summonses=figures.summonses,
                acknowledge_rate=decimal_figure(figures.acknowledge_rate),
                arrival_rate=decimal_figure(figures.arrival_rate),
                ratings=figures.ratings,
                mean_rating=decimal_figure(rating),
                whistle_score=score,
                whistle_rank=None,
                orders_composite=order_row.composite if order_row else None,
                orders_rank=order_row.rank if order_row else None,
            )
        )
    ranked = sorted(
        (line for line in lines if line.whistle_score is not None),
        key=lambda line: (-line.whistle_score, line.unit_code),
    )
    ranks = competition_ranks([line.whistle_score for line in ranked])
    ranked = [
        DepartmentLine(**{**line.__dict__, "whistle_rank": rank})
        for line, rank in zip(ranked, ranks, strict=True)
    ]
    unranked = [line for line in lines if line.whistle_score is None]
    return ranked, unranked
