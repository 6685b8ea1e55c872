"""Issue 11 item 8: a month or date off the calendar in the leaders' pages' query strings answers
this month with a message on a page, and 400 on a file or a recompute — never 500."""

import pytest
from django.core.cache import cache

from accounts.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def leader(client, make_user):
    client.force_login(make_user(Role.LEADER))
    return client


def messages_of(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.mark.parametrize("month", ["9999-12", "0001-01", "2199-01", "2026-13"])
@pytest.mark.parametrize("page", ["/metrics/", "/metrics/departments/"])
def test_a_page_falls_back_to_this_month_and_says_so(leader, page, month):
    response = leader.get(page, {"month": month}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 200
    assert any("YYYY-MM" in message for message in messages_of(response))


@pytest.mark.parametrize(
    "url",
    [
        "/metrics/ranking.csv",
        "/metrics/ranking.xlsx",
        "/metrics/departments.csv",
        "/metrics/departments.xlsx",
    ],
)
def test_a_file_for_a_month_off_the_calendar_answers_400(leader, url):
    assert leader.get(url, {"month": "9999-12"}).status_code == 400


def test_a_drilldown_falls_back_too(leader, make_user):
    from units.tests.factories import StreetFactory

    street = StreetFactory()
    response = leader.get(f"/metrics/units/{street.pk}/response/", {"month": "9999-12"})
    assert response.status_code in (200, 404)  # 404: no scoring scheme for this month


def test_a_recompute_for_a_month_off_the_calendar_answers_400(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    response = client.post("/metrics/recompute/?month=9999-12&kind=street", {"reason": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2199-06-01"])
def test_the_analysis_page_falls_back_to_today_and_says_so(leader, day):
    response = leader.get(
        "/metrics/analysis/", {"date": day, "period": "month"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert response.status_code == 200
    assert any("\u4e00" <= char <= "\u9fff" for message in messages_of(response) for char in message)


@pytest.mark.parametrize("version", ["²", "99999999999999999999"])
def test_a_version_that_is_no_number_is_ignored(leader, version):
    assert leader.get("/metrics/", {"version": version}).status_code == 200
