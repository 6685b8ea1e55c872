"""The leaders' pages: who sees what, drilling into a figure, exports equal to the page (acceptance 5),
recompute by administrators only, and appeals through the API and the ticket page."""

import csv
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import Role
from metrics import services
from metrics.models import Exclusion, RankingSnapshot, ScopeEvent
from metrics.periods import last_month, month_bounds
from metrics.tests.factories import ScoringSchemeFactory, order
from units.tests.factories import DistrictFactory, StreetFactory, UnitFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def month(make_user):
    """Last month, frozen: street A with six perfect orders, street B with three of six answered
    "not solved, dissatisfied"; a third street C with one order (below the minimum)."""
    month = last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=month)
    district = DistrictFactory()
    a, b, c = (StreetFactory(parent=district) for _ in range(3))
    due, call = start + timedelta(days=5), start + timedelta(days=7)
    a_orders = [order(a, due=due, callbacks=((call, "solved", "satisfied"),)) for _ in range(6)]
    for answer in [("solved", "satisfied")] * 3 + [("not_solved", "dissatisfied")] * 3:
        order(b, due=due, callbacks=((call, *answer),))
    order(c, due=due, callbacks=((call, "solved", "basic"),))
    services.snapshot_freeze(month=month, unit_kind="street")
    return {
        "month": month,
        "district": district,
        "a": a,
        "b": b,
        "c": c,
        "a_orders": a_orders,
        "query": f"month={month:%Y-%m}&kind=street",
        "admin": make_user(Role.ADMINISTRATOR),
        "dispatcher": make_user(Role.DISPATCHER),
        "leader": make_user(Role.LEADER),
        "supervisor": make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        "official_a": make_user(Role.STREET_OFFICIAL, unit=a),
        "operator": make_user(Role.OPERATOR),
    }


def page_figures(html: str) -> dict[str, dict[str, str]]:
    """{unit code: {rate: shown figure}} from the ranking table."""
    figures = {}
    for code, cells in re.findall(r'<tr data-unit="([^"]+)"[^>]*>(.*?)</tr>', html, re.S):
        values = dict(re.findall(r'data-rate="(\w+)">(?:<a [^>]*>)?(?:<strong>)?([^<]*)<', cells))
        if values:
            figures[code] = {rate: value.strip() for rate, value in values.items()}
    return figures


@pytest.mark.parametrize(
    "who, status",
    [
        ("leader", 200),
        ("supervisor", 200),
        ("dispatcher", 200),
        ("admin", 200),
        ("official_a", 200),
        ("operator", 403),
    ],
)
def test_who_reads_the_ranking(client, month, who, status):
    client.force_login(month[who])
    response = client.get(f"/metrics/?{month['query']}")
    assert response.status_code == status
    if status == 200:
        page = response.content.decode()
        assert "排名" in page and 'data-source="snapshot"' in page


def test_anonymous_is_sent_to_sign_in(client, month):
    assert client.get("/metrics/").status_code == 302


def test_the_page_ranks_a_before_b_and_lists_c_apart(client, month):
    client.force_login(month["leader"])
    page = client.get(f"/metrics/?{month['query']}").content.decode()
    figures = page_figures(page)
    assert list(figures) == [month["a"].code, month["b"].code]
    # No reply clock in this month's orders: no on-time reply rate ("—"), shown but not weighed.
    assert figures[month["a"].code] == {
        "response": "100.00",
        "on_time_reply": "—",
        "resolution": "100.00",
        "satisfaction": "100.00",
        "composite": "100.00",
    }
    # B: resolution 3/6, satisfaction 3/6, response 6/6 → 0.2 + 0.4·0.5 + 0.4·0.5 = 0.6
    assert figures[month["b"].code] == {
        "response": "100.00",
        "on_time_reply": "—",
        "resolution": "50.00",
        "satisfaction": "50.00",
        "composite": "60.00",
    }
    assert 'id="unranked"' in page and month["c"].name in page


def test_the_title_is_plain_text_and_the_trend_chart_is_drawn_once(client, month):
    client.force_login(month["leader"])
    page = client.get(f"/metrics/?{month['query']}").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "<" not in title
    assert title.split("·")[0].strip() in {"Rankings", "考核排名"}
    head = page.split("</head>", 1)[0]
    assert "<svg" not in head and "<section" not in head
    assert page.count('id="trend"') == 1


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_exports_equal_the_page(client, month, fmt):
    client.force_login(month["leader"])
    shown = page_figures(client.get(f"/metrics/?{month['query']}").content.decode())
    response = client.get(f"/metrics/ranking.{fmt}?{month['query']}")
    assert response.status_code == 200
    if fmt == "xlsx":
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    header, body = rows[0], rows[1:]
    assert header[:7] == ["排名", "单位编码", "单位", "响应率（%）", "解决率（%）", "满意率（%）", "综合得分"]
    on_time = header.index("按时反馈率（%）")
    exported = {
        row[1]: dict(
            zip(["response", "resolution", "satisfaction", "composite"], row[3:7], strict=True),
            on_time_reply=row[on_time],
        )
        for row in body
    }

    def number(value):
        return None if value in (None, "", "—") else Decimal(str(value))

    for code, figures in shown.items():
        assert {rate: number(value) for rate, value in exported[code].items()} == {
            rate: number(value) for rate, value in figures.items()
        }
    assert month["c"].code in exported  # the unranked unit is in the file too


def test_drilling_into_a_resolution_rate_lists_the_tickets_behind_it(client, month):
    client.force_login(month["official_a"])
    response = client.get(f"/metrics/units/{month['b'].pk}/resolution/?{month['query']}")
    assert response.status_code == 404  # another street's tickets
    response = client.get(f"/metrics/units/{month['a'].pk}/resolution/?{month['query']}")
    assert response.status_code == 200
    page = response.content.decode()
    for assignment in month["a_orders"]:
        assert assignment.ticket.number in page
    assert client.get(f"/metrics/units/{month['a'].pk}/nonsense/?{month['query']}").status_code == 404


def test_the_supervisor_drills_into_the_district_streets(client, month):
    client.force_login(month["supervisor"])
    response = client.get(f"/metrics/units/{month['b'].pk}/satisfaction/?{month['query']}")
    assert response.status_code == 200
    assert response.content.decode().count("/hotline/tickets/") == 3 + 6  # satisfied part + denominator


def test_only_an_administrator_recomputes_with_a_reason(client, month):
    client.force_login(month["dispatcher"])
    assert client.post(f"/metrics/recompute/?{month['query']}", {"reason": "x"}).status_code == 403
    client.force_login(month["admin"])
    response = client.post(f"/metrics/recompute/?{month['query']}", {"reason": "申诉改判后重算"}, follow=True)
    assert response.status_code == 200
    versions = RankingSnapshot.objects.filter(month=month["month"], unit_kind="street")
    assert sorted(versions.values_list("version", "reason")) == [(1, ""), (2, "申诉改判后重算")]
    page = client.get(f"/metrics/?{month['query']}&version=1").content.decode()
    assert 'id="versions"' in page and "v2" in page


def test_the_department_assessment_page_and_its_export(client, month):
    client.force_login(month["leader"])
    assert client.get(f"/metrics/departments/?month={month['month']:%Y-%m}").status_code in (200,)
    response = client.get(f"/metrics/departments.xlsx?month={month['month']:%Y-%m}")
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["A1"].value == "吹哨报到排名"


def test_a_unit_appeals_and_the_hotline_decides_through_the_api(client, month):
    assignment = month["a_orders"][0]
    unit_api, hotline_api = (
        APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans"),
        APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans"),
    )
    unit_api.force_authenticate(month["official_a"])
    hotline_api.force_authenticate(month["dispatcher"])
    body = {"assignment": assignment.pk, "reason": "repeat", "evidence": "与20260101-000001为同一诉求"}
    filed = unit_api.post("/api/v1/appeals/", body, format="json")
    assert filed.status_code == 201
    assert unit_api.post("/api/v1/appeals/", body, format="json").status_code == 400  # one waiting
    other = APIClient()
    other.force_authenticate(month["operator"])
    assert (
        other.post(
            f"/api/v1/appeals/{filed.json()['id']}/decide/", {"accept": True, "reason": "x"}
        ).status_code
        == 404
    )
    assert (
        unit_api.post(
            f"/api/v1/appeals/{filed.json()['id']}/decide/", {"accept": True, "reason": "x"}, format="json"
        ).status_code
        == 403
    )
    decided = hotline_api.post(
        f"/api/v1/appeals/{filed.json()['id']}/decide/", {"accept": True, "reason": "确属重复"}, format="json"
    )
    assert decided.status_code == 200 and decided.json()["decision"] == "accepted"
    assert Exclusion.objects.filter(assignment=assignment).exists()
    actions = set(ScopeEvent.objects.filter(assignment=assignment).values_list("action", flat=True))
    assert {"appeal_filed", "appeal_accepted"} <= actions
    client.force_login(month["official_a"])
    page = client.get(f"/hotline/tickets/{assignment.ticket_id}/").content.decode()
    assert 'id="assessment"' in page and "确属重复" in page


def test_the_hotline_excludes_and_a_unit_may_not(month):
    assignment = month["a_orders"][1]
    unit_api, hotline_api = APIClient(), APIClient()
    unit_api.force_authenticate(month["official_a"])
    hotline_api.force_authenticate(month["dispatcher"])
    body = {"assignment": assignment.pk, "reason": "legal_channel", "note": "应走诉讼"}
    assert unit_api.post("/api/v1/exclusions/", body, format="json").status_code == 403
    assert hotline_api.post("/api/v1/exclusions/", body, format="json").status_code == 201
    assert (
        hotline_api.post("/api/v1/exclusions/", {**body, "reason": "bogus"}, format="json").status_code == 400
    )


def test_drilling_into_a_unit_that_is_not_ranked_is_404_not_500(client, month):
    community = UnitFactory(kind="community", parent=month["a"])
    client.force_login(month["admin"])
    assert client.get(f"/metrics/units/{community.pk}/resolution/?{month['query']}").status_code == 404
    assert client.get(f"/metrics/units/{month['a'].pk}/resolution/?month=2017-01").status_code == 404


@pytest.mark.parametrize("rate", ["response", "on_time_reply", "resolution", "satisfaction"])
def test_a_rate_with_nothing_to_divide_reads_as_a_dash_not_none(rate):
    from django.template.loader import render_to_string

    from metrics.computation import Rate
    from metrics.formulas import Counts

    row = {
        "shown": dict.fromkeys(("response", "on_time_reply", "resolution", "satisfaction")),
        "counts": Counts(),
    }
    page = render_to_string(
        "metrics/drilldown.html",
        {
            "unit": {"name": "某街道", "kind": "street"},
            "rate": Rate(rate),
            "row": row,
            "board": {},
            "month": date(2026, 1, 1),
        },
    )
    figure = page.split('id="figure"', 1)[1].split("</p>", 1)[0]
    assert "—" in figure and "None" not in figure
