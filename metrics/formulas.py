"""The arithmetic of the three rates, the composite, the whistle score and the ranking, without the
database.

Rates are exact fractions (a credit of 0.8 is 4/5, not a float); what is shown and stored is the
fraction rounded half-up to six decimal places (``figure``), and ranks are decided on the rounded
composite, so two units showing the same composite share a rank."""

from collections.abc import Hashable, Mapping
from dataclasses import asdict, dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import TypeVar

PLACES = Decimal("0.000001")
K = TypeVar("K", bound=Hashable)


@dataclass(frozen=True)
class Counts:
    """What one unit's rates rest on in one period (see metrics.computation for the definitions)."""

    response_met: int = 0
    response_due: int = 0
    solved: int = 0
    partly: int = 0
    satisfied: int = 0
    basic: int = 0
    valid_callbacks: int = 0
    reply_met: int = 0
    reply_due: int = 0
    not_replied: int = 0
    returns: int = 0
    misdispatches: int = 0

    @property
    def assessed_outcomes(self) -> int:
        """What the resolution and satisfaction rates divide by: valid callbacks and orders whose
        reply deadline passed without a reply (each order once in a period)."""
        return self.valid_callbacks + self.not_replied


@dataclass(frozen=True)
class Terms:
    """The numbers of a scoring scheme (metrics.models.ScoringScheme.terms())."""

    weight_response: Decimal
    weight_resolution: Decimal
    weight_satisfaction: Decimal
    basic_credit: Decimal
    partly_credit: Decimal
    min_assessed: int
    top_n: int
    bottom_n: int
    # Last, with a default: snapshots frozen before the on-time reply rate existed have no such term.
    weight_on_time_reply: Decimal = Decimal(0)

    def as_json(self) -> dict:
        return {name: str(value) for name, value in asdict(self).items()}


@dataclass(frozen=True)
class Rates:
    response: Fraction | None
    resolution: Fraction | None
    satisfaction: Fraction | None
    composite: Fraction | None
    on_time_reply: Fraction | None = None


@dataclass(frozen=True)
class Standing:
    ranked: bool
    rank: int | None = None
    rank_change: int | None = None
    is_top: bool = False
    is_bottom: bool = False


def ratio(numerator: Fraction | int, denominator: int) -> Fraction | None:
    """None when there is nothing to divide by: a rate of no orders is not 0 %."""
    return Fraction(numerator) / denominator if denominator else None


def response_rate(*, met: int, due: int) -> Fraction | None:
    return ratio(met, due)


def resolution_rate(*, solved: int, partly: int, valid: int, partly_credit: Decimal) -> Fraction | None:
    return ratio(solved + Fraction(partly_credit) * partly, valid)


def satisfaction_rate(*, satisfied: int, basic: int, valid: int, basic_credit: Decimal) -> Fraction | None:
    return ratio(satisfied + Fraction(basic_credit) * basic, valid)


def on_time_reply_rate(*, met: int, due: int) -> Fraction | None:
    return ratio(met, due)


def composite_score(
    *,
    response: Fraction | None,
    resolution: Fraction | None,
    satisfaction: Fraction | None,
    terms: Terms,
    on_time_reply: Fraction | None = None,
) -> Fraction | None:
    """w₁·response + w₂·resolution + w₃·satisfaction + w₄·on-time reply; None when a weighed rate
    is missing (the on-time reply rate is needed only when its weight is not 0)."""
    if response is None or resolution is None or satisfaction is None:
        return None
    weigh_reply = terms.weight_on_time_reply != 0
    if weigh_reply and on_time_reply is None:
        return None
    return (
        Fraction(terms.weight_response) * response
        + Fraction(terms.weight_resolution) * resolution
        + Fraction(terms.weight_satisfaction) * satisfaction
        + (Fraction(terms.weight_on_time_reply) * on_time_reply if weigh_reply else 0)
    )


def rates_of(counts: Counts, terms: Terms) -> Rates:
    response = response_rate(met=counts.response_met, due=counts.response_due)
    resolution = resolution_rate(
        solved=counts.solved,
        partly=counts.partly,
        valid=counts.assessed_outcomes,
        partly_credit=terms.partly_credit,
    )
    satisfaction = satisfaction_rate(
        satisfied=counts.satisfied,
        basic=counts.basic,
        valid=counts.assessed_outcomes,
        basic_credit=terms.basic_credit,
    )
    on_time_reply = on_time_reply_rate(met=counts.reply_met, due=counts.reply_due)
    return Rates(
        response=response,
        resolution=resolution,
        satisfaction=satisfaction,
        on_time_reply=on_time_reply,
        composite=composite_score(
            response=response,
            resolution=resolution,
            satisfaction=satisfaction,
            on_time_reply=on_time_reply,
            terms=terms,
        ),
    )


def figure(value: Fraction | None) -> Decimal | None:
    """A rate as shown and stored: six decimal places, rounded half up."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(PLACES, rounding=ROUND_HALF_UP)


def sample_sufficient(counts: Counts, terms: Terms) -> bool:
    """Ranked only when every weighed rate rests on at least the minimum number of orders (and on
    one at the very least), so that a unit with two tickets does not top the table."""
    minimum = max(terms.min_assessed, 1)
    reply_sufficient = terms.weight_on_time_reply == 0 or counts.reply_due >= minimum
    return counts.response_due >= minimum and counts.assessed_outcomes >= minimum and reply_sufficient


def decimal_figure(value: float | None) -> Decimal | None:
    """A float rate or mean as shown and stored: six decimal places, rounded half up."""
    return None if value is None else Decimal(str(value)).quantize(PLACES, rounding=ROUND_HALF_UP)


def mean_rating(means: list[float | None]) -> float | None:
    """The mean of a department's mean ratings (timeliness, cooperation, result; each 1–5); None
    when one of them is missing."""
    return None if None in means else sum(means) / len(means)


def whistle_score(
    *,
    acknowledge_rate: float,
    arrival_rate: float,
    mean_rating: float,
    weight_acknowledge: Decimal,
    weight_arrival: Decimal,
    weight_rating: Decimal,
) -> Decimal:
    """双考核 on whistles: w_ack × on-time acknowledgement rate + w_arrival × on-time arrival rate
    + w_rating × (mean rating ÷ 5), each term's rate rounded to six places first, the sum too."""
    return (
        weight_acknowledge * decimal_figure(acknowledge_rate)
        + weight_arrival * decimal_figure(arrival_rate)
        + weight_rating * decimal_figure(mean_rating / 5)
    ).quantize(PLACES, rounding=ROUND_HALF_UP)


def competition_ranks(scores: list[Decimal]) -> list[int]:
    """Standard competition ranking, highest first: equal scores share a rank and the next rank
    skips (1, 2, 2, 4)."""
    return [1 + sum(other > score for other in scores) for score in scores]


def standings(
    composites: Mapping[K, Decimal | None],
    *,
    eligible: set[K],
    terms: Terms,
    previous_ranks: Mapping[K, int],
) -> dict[K, Standing]:
    """Rank the eligible keys on their (rounded) composite. Top list: fewer than ``top_n`` units
    score higher; bottom list: fewer than ``bottom_n`` score lower — so ties at the edge are all in,
    and with fewer ranked units than top_n + bottom_n a unit can be in both. The change is last
    month's rank minus this month's (positive: places gained)."""
    ranked = [key for key in composites if key in eligible and composites[key] is not None]
    scores = [composites[key] for key in ranked]
    result = {key: Standing(ranked=False) for key in composites}
    for key, score, rank in zip(ranked, scores, competition_ranks(scores), strict=True):
        lower = sum(other < score for other in scores)
        previous = previous_ranks.get(key)
        result[key] = Standing(
            ranked=True,
            rank=rank,
            rank_change=previous - rank if previous is not None else None,
            is_top=rank - 1 < terms.top_n,
            is_bottom=lower < terms.bottom_n,
        )
    return result
