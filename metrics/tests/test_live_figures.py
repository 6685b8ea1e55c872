"""The live month's figures: computed by the periodic task into LiveFigures (run twice, one row set),
read by the dashboard and the export without touching the orders' tables; a frozen month is read
from its snapshot alone; the trend from MonthlyVolume."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from metrics import services
from metrics.analyses import period_of
from metrics.models import AnalysisFigures, LiveFigures, MonthlyVolume
from metrics.periods import last_month, month_bounds, month_of
from metrics.ranking import ranking_compute
from metrics.tasks import refresh_live_figures
from metrics.tests.factories import ScoringSchemeFactory, order
from metrics.trend import monthly_trend
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

# Tables a page must not read when its figures are stored: the orders and their records.
ORDER_TABLES = ("dispatch_clock", "hotline_ticketevent", "dispatch_assignment", "hotline_ticket")


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def streets(count: int, *, month, orders: int = 6):
    """``count`` streets with ``orders`` answered orders each, due early in ``month``."""
    start, _end = month_bounds(month)
    district = DistrictFactory()
    made = [StreetFactory(parent=district) for _ in range(count)]
    due, call = start + timedelta(hours=30), start + timedelta(hours=50)
    for n, street in enumerate(made):
        answer = ("solved", "satisfied") if n % 2 else ("not_solved", "dissatisfied")
        for _ in range(orders):
            order(street, due=due, callbacks=((call, *answer),))
    return made


@pytest.fixture
def this_month():
    month = month_of(timezone.localdate())
    ScoringSchemeFactory(unit_kind="street", effective_from=last_month())
    return month


def order_queries(captured) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if any(t in q["sql"] for t in ORDER_TABLES)]


def test_the_task_run_twice_leaves_one_row_per_month_and_kind(this_month):
    made = streets(3, month=this_month)

    first = refresh_live_figures()
    stored = list(LiveFigures.objects.order_by("pk").values_list("pk", "month", "unit_kind"))
    second = refresh_live_figures()

    assert first[f"{this_month:%Y-%m} street"] == second[f"{this_month:%Y-%m} street"] == "computed"
    assert "2026-01 volume" not in second  # a finished month's volume is counted once
    assert list(LiveFigures.objects.order_by("pk").values_list("pk", "month", "unit_kind")) == stored
    assert MonthlyVolume.objects.count() == 13
    rows = LiveFigures.objects.filter(unit_kind="street")
    assert sorted(rows.values_list("month", flat=True)) == [last_month(), this_month]
    live = rows.get(month=this_month)
    expected = ranking_compute(month=this_month, unit_kind="street")
    assert [line["unit_id"] for line in live.lines] == [
        line.unit_id for line in [*expected.ranked, *expected.unranked]
    ]
    assert {line["unit_id"] for line in live.lines} >= {street.pk for street in made}
    assert MonthlyVolume.objects.filter(month=this_month).count() == 1


def test_a_frozen_month_has_no_live_row(this_month):
    streets(2, month=last_month())
    services.live_figures_refresh(month=last_month(), unit_kind="street")
    assert LiveFigures.objects.filter(month=last_month(), unit_kind="street").exists()

    services.snapshot_freeze(month=last_month(), unit_kind="street")
    services.live_figures_refresh_all()

    assert not LiveFigures.objects.filter(month=last_month(), unit_kind="street").exists()


def test_the_live_dashboard_reads_the_stored_figures_only(client, make_user, this_month):
    client.force_login(make_user(Role.LEADER))
    url = f"/metrics/?month={this_month:%Y-%m}&kind=street"
    queries = {}
    for count in (2, 10):
        streets(count, month=this_month)
        services.live_figures_refresh_all()
        client.get(url)  # the week's early warnings are cached by the first view

        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)

        assert response.status_code == 200
        html = response.content.decode()
        assert 'data-source="live"' in html and 'id="computed-at"' in html
        live = LiveFigures.objects.get(month=this_month, unit_kind="street")
        assert f"{timezone.localtime(live.computed_at):%H:%M}" in html
        assert html.count("<tr data-unit=") == len(live.lines)
        assert order_queries(captured) == []
        queries[count] = len(captured)
    assert queries[2] == queries[10]


def test_before_the_first_run_the_page_says_the_figures_are_not_computed(client, make_user, this_month):
    streets(2, month=this_month)
    client.force_login(make_user(Role.LEADER))

    response = client.get(f"/metrics/?month={this_month:%Y-%m}&kind=street")

    assert response.status_code == 200
    assert "尚未计算" in response.content.decode()
    assert client.get(f"/metrics/ranking.csv?month={this_month:%Y-%m}&kind=street").status_code == 404


def test_the_live_export_is_the_stored_figures(client, make_user, this_month):
    made = streets(2, month=this_month)
    services.live_figures_refresh_all()
    client.force_login(make_user(Role.LEADER))

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/metrics/ranking.csv?month={this_month:%Y-%m}&kind=street")

    assert response.status_code == 200
    text = response.content.decode()
    assert all(street.code in text for street in made)
    assert order_queries(captured) == []


def test_the_frozen_dashboard_reads_the_snapshot_only(client, make_user, this_month):
    month = last_month()
    streets(3, month=month)
    services.snapshot_freeze(month=month, unit_kind="street")
    services.live_figures_refresh_all()
    client.force_login(make_user(Role.LEADER))
    url = f"/metrics/?month={month:%Y-%m}&kind=street"
    client.get(url)

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)

    assert 'data-source="snapshot"' in response.content.decode()
    assert order_queries(captured) == []


def test_the_trend_reads_the_stored_volumes(this_month):
    streets(2, month=this_month, orders=3)
    assert monthly_trend(months=2, end_month=this_month)[-1].tickets == 6
    services.live_figures_refresh_all()
    assert MonthlyVolume.objects.get(month=this_month).tickets == 6

    with CaptureQueriesContext(connection) as captured:
        points = monthly_trend(months=12, end_month=this_month)

    assert [point.tickets for point in points][-1] == 6
    assert order_queries(captured) == []


def test_the_city_wide_analysis_page_reads_the_kept_figures(client, make_user, this_month):
    made = streets(3, month=this_month, orders=2)
    url = f"/metrics/analysis/?period=month&date={this_month.isoformat()}&section=streets"
    client.force_login(make_user(Role.LEADER))
    computed = client.get(url).content.decode()
    assert 'id="figures-as-of"' not in computed

    services.live_figures_refresh_all()
    services.live_figures_refresh_all()  # run twice: one row per period
    assert AnalysisFigures.objects.filter(kind="month", first_day=this_month).count() == 1
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        kept = client.get(url).content.decode()

    assert 'id="figures-as-of"' in kept
    assert order_queries(captured) == []
    for street in made:
        row = kept.split(f">{street.name}<", 1)[1].split("</tr>", 1)[0]
        assert row == computed.split(f">{street.name}<", 1)[1].split("</tr>", 1)[0]


def test_a_finished_period_is_computed_once_more_then_kept():
    today = timezone.localdate()
    yesterday = period_of("day", today - timedelta(days=1))
    assert services.analysis_figures_refresh(period=yesterday) is True
    assert AnalysisFigures.objects.get(kind="day", first_day=yesterday.first_day).final
    assert services.analysis_figures_refresh(period=yesterday) is False
    current = period_of("day", today)
    assert services.analysis_figures_refresh(period=current) is True
    assert services.analysis_figures_refresh(period=current) is True
    assert not AnalysisFigures.objects.get(kind="day", first_day=today).final
