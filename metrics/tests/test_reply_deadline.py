"""Acceptance 1 of issue 12: an order left past its reply deadline without a reply counts against
the unit — a street cannot score 100 by not replying."""

from datetime import date, datetime
from fractions import Fraction
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from accounts.models import Role
from metrics import services
from metrics.computation import unit_counts
from metrics.formulas import Counts
from metrics.periods import month_bounds
from metrics.ranking import ranking_compute
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

APRIL = date(2025, 4, 1)
ZONE = ZoneInfo("Asia/Shanghai")
SS = ("solved", "satisfied")


def day(number: int) -> datetime:
    return datetime(2025, 4, number, 10, tzinfo=ZONE)


@pytest.fixture
def probe():
    """Street X: 4 orders signed and contacted in time; 3 past their reply deadline (15 April) and
    never replied, 1 replied in time and called back "solved, satisfied". Street Y: 4 orders
    replied in time and called back "solved, satisfied"."""
    cache.clear()
    ScoringSchemeFactory(unit_kind="street", effective_from=APRIL, min_assessed=4)
    district = DistrictFactory()
    x, y = StreetFactory(parent=district, name="甲街道"), StreetFactory(parent=district, name="乙街道")
    replied, callback = (("met", day(9)),), ((day(12), *SS),)
    order(x, due=day(8), replies=replied, callbacks=callback)
    for _ in range(3):
        order(x, due=day(8), replies=(("running", day(15)),))
    for _ in range(4):
        order(y, due=day(8), replies=replied, callbacks=callback)
    return x, y


def test_three_unreplied_orders_of_four_count_against_the_street(probe):
    x, _y = probe
    start, end = month_bounds(APRIL)
    assert unit_counts(unit_kind="street", start=start, end=end)[x.pk] == Counts(
        response_met=4,
        response_due=4,
        solved=1,
        satisfied=1,
        valid_callbacks=1,
        reply_met=1,
        reply_due=4,
        not_replied=3,
    )
    line = next(
        line for line in ranking_compute(month=APRIL, unit_kind="street").ranked if line.unit_id == x.pk
    )
    assert line.rates.resolution <= Fraction(1, 4) and line.rates.satisfaction <= Fraction(1, 4)
    assert line.rates.on_time_reply == Fraction(1, 4)


def test_the_silent_street_ranks_below_the_one_that_replied(probe):
    x, y = probe
    ranking = ranking_compute(month=APRIL, unit_kind="street")
    assert [(line.unit_id, line.standing.rank) for line in ranking.ranked] == [(y.pk, 1), (x.pk, 2)]
    # Y: 1 everywhere; X: 0.2·1 + 0.4·¼ + 0.4·¼ = 2/5.
    assert [line.rates.composite for line in ranking.ranked] == [1, Fraction(2, 5)]


def test_the_ranking_page_shows_the_not_replied_count(client, make_user, probe):
    x, y = probe
    services.live_figures_refresh(month=APRIL, unit_kind="street")
    client.force_login(make_user(Role.LEADER))
    page = client.get("/metrics/?month=2025-04&kind=street").content.decode()
    assert f'<tr data-unit="{x.code}"' in page
    x_row = page.split(f'<tr data-unit="{x.code}"', 1)[1].split("</tr>", 1)[0]
    y_row = page.split(f'<tr data-unit="{y.code}"', 1)[1].split("</tr>", 1)[0]
    assert '<td data-count="not_replied">3</td>' in x_row
    assert '<td data-count="not_replied">0</td>' in y_row
    assert 'data-rate="on_time_reply">' in x_row and "25.00" in x_row
    assert "按时反馈率" in page and "逾期未反馈" in page
