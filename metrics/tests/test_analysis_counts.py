"""The analysis page's counts (metrics.analysis_counts): tickets closed without dispatch by
disposition, returns and mis-dispatches per unit, the whistle rate per street against its band — on
hand-built fixtures whose numbers are written out here, on the page and over the API, in the
reader's territory, in the same number of queries for few and many rows."""

# ruff: noqa: F811 — the fixtures are imported, and the tests' parameters name them again.

import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.models import Assignment, RoutingDecision, UnitRequest
from hotline.models import Ticket
from metrics.analysis_counts import (
    ABOVE,
    BELOW,
    WITHIN,
    band_of,
    counts_figures,
    disposition_counts,
    return_counts,
    whistle_rates,
)
from metrics.models import WhistleRateBand
from metrics.tests.test_analyses import MARCH, local, make_tickets, world  # noqa: F401
from metrics.tests.test_analysis_pages import page_url, urlpatterns  # noqa: F401
from streets.models import Whistle, WhistleDomain
from units.models import Unit

pytestmark = [pytest.mark.django_db, pytest.mark.urls("metrics.tests.test_analysis_pages")]

_numbers = itertools.count(1)
MONTH = {"period": "month", "date": "2025-03-14"}


def disposed(world, disposition, at, *districts) -> Ticket:
    """A ticket closed without dispatch, routed to ``districts`` in turn (the last is the newest)."""
    ticket = Ticket.objects.create(
        number=f"D{next(_numbers):08d}",
        received_at=at,
        channel="phone",
        request_type=world.consult,
        category=world.heating,
        content="测试",
        tier="T3",
        status="disposed",
        disposition=disposition,
    )
    for n, district in enumerate(districts):
        RoutingDecision.objects.create(
            ticket=ticket, status="routed", district=district, created_at=local(2025, 3, 1, 8, n)
        )
    return ticket


@pytest.fixture
def dispositions(world):
    """March 2025: emergency 3 (2 routed to 朝阳, 1 to 朝阳 then to 海淀), repeat 2 (1 朝阳, 1 not
    routed), legal channel 1 (海淀); an emergency of February (朝阳) is outside."""
    w = world
    disposed(w, "emergency", local(2025, 3, 2), w.chaoyang)
    disposed(w, "emergency", local(2025, 3, 31, 23, 59), w.chaoyang)
    disposed(w, "emergency", local(2025, 3, 3), w.chaoyang, w.haidian)
    disposed(w, "repeat", local(2025, 3, 4), w.chaoyang)
    disposed(w, "repeat", local(2025, 3, 5))
    disposed(w, "legal_channel", local(2025, 3, 6), w.haidian)
    disposed(w, "emergency", local(2025, 2, 28, 23, 59), w.chaoyang)
    return w


def test_dispositions_by_kind(dispositions):
    w = dispositions
    city = {row.key: row.count for row in disposition_counts(start=MARCH.start, end=MARCH.end)}
    assert city == {
        "answered": 0,
        "emergency": 3,
        "legal_channel": 1,
        "repeat": 2,
        "secrets": 0,
        "outside_duties": 0,
        "unlawful": 0,
    }
    chaoyang = disposition_counts(start=MARCH.start, end=MARCH.end, district=w.chaoyang)
    assert {row.key: row.count for row in chaoyang if row.count} == {"emergency": 2, "repeat": 1}
    haidian = disposition_counts(start=MARCH.start, end=MARCH.end, district=w.haidian)
    assert {row.key: row.count for row in haidian if row.count} == {"emergency": 1, "legal_channel": 1}


def request(assignment, kind, *, filed, decision="pending", decided=None):
    return UnitRequest.objects.create(
        assignment=assignment,
        kind=kind,
        reason="不属于本单位",
        decision=decision,
        requested_by=REQUESTER[0],
        requested_at=filed,
        decided_at=decided,
    )


REQUESTER: list = []


@pytest.fixture
def returns(world, make_user):
    """March 2025:

    | unit | filed in March | approved in March | refused in March |
    |---|---|---|---|
    | 团结湖 | 3 (1 approved, 1 refused, 1 pending) | 1 | 1 |
    | 麦子店 | 1 (approved 1 April) | 1 (filed 27 February) | 0 |
    | 中关村 | 1 (approved) | 1 | 0 |

    An extension asked by 中关村 does not count."""
    w = world
    REQUESTER[:] = [make_user(Role.STREET_OFFICIAL, unit=w.tuanjiehu)]

    def orders(unit, count):
        tickets = make_tickets(unit, count, at=local(2025, 2, 20), category=w.parking)
        return list(Assignment.objects.filter(ticket__in=tickets))

    a = orders(w.tuanjiehu, 3)
    request(a[0], "return", filed=local(2025, 3, 2), decision="approved", decided=local(2025, 3, 3))
    request(a[1], "return", filed=local(2025, 3, 2), decision="refused", decided=local(2025, 3, 3))
    request(a[2], "return", filed=local(2025, 3, 30))
    b = orders(w.maizidian, 2)
    request(b[0], "return", filed=local(2025, 2, 27), decision="approved", decided=local(2025, 3, 2))
    request(b[1], "return", filed=local(2025, 3, 31), decision="approved", decided=local(2025, 4, 1, 9))
    c = orders(w.zhongguancun, 2)
    request(c[0], "return", filed=local(2025, 3, 9), decision="approved", decided=local(2025, 3, 9, 15))
    request(c[1], "extension", filed=local(2025, 3, 9))
    return w


def _returns(rows) -> dict:
    return {row.name: (row.returns, row.misdispatches, row.refused) for row in rows}


def test_returns_and_misdispatches_per_unit(returns):
    w = returns
    city = return_counts(start=MARCH.start, end=MARCH.end)
    assert [row.name for row in city] == ["团结湖街道", "麦子店街道", "中关村街道"]  # ties by code
    assert _returns(city) == {"团结湖街道": (3, 1, 1), "麦子店街道": (1, 1, 0), "中关村街道": (1, 1, 0)}
    chaoyang = return_counts(start=MARCH.start, end=MARCH.end, district=w.chaoyang)
    assert _returns(chaoyang) == {"团结湖街道": (3, 1, 1), "麦子店街道": (1, 1, 0)}


def whistles(world, street, count, at):
    domain, _created = WhistleDomain.objects.get_or_create(code="demands", defaults={"name": "群众诉求"})
    Whistle.objects.bulk_create(
        Whistle(
            street=street,
            blown_by=REQUESTER[0],
            blown_at=at,
            domain=domain,
            urgency="routine",
            address="现场",
            description="需要部门到场",
        )
        for _n in range(count)
    )


@pytest.fixture
def whistled(world, make_user):
    """March 2025, under a band of 5–50 per 1,000 (from 2025-01-01; the starting one is older):

    | street | tickets dispatched | whistles | per 1,000 | band |
    |---|---|---|---|---|
    | 麦子店 | 50 | 3 | 60.00 | above |
    | 团结湖 | 100 | 1 (+1 in February) | 10.00 | within |
    | 中关村 | 400 | 1 | 2.50 | below |
    | 望京 (朝阳) | 0 | 2 | — | — |"""
    w = world
    REQUESTER[:] = [make_user(Role.STREET_OFFICIAL, unit=w.tuanjiehu)]
    WhistleRateBand.objects.create(
        effective_from=date(2025, 1, 1), low_per_1000=Decimal("5"), high_per_1000=Decimal("50")
    )
    w.wangjing = Unit.objects.create(code="110105003", name="望京街道", kind="street", parent=w.chaoyang)
    for street, tickets, count in ((w.maizidian, 50, 3), (w.tuanjiehu, 100, 1), (w.zhongguancun, 400, 1)):
        make_tickets(street, tickets, at=local(2025, 3, 10), category=w.parking)
        whistles(w, street, count, local(2025, 3, 11))
    whistles(w, w.tuanjiehu, 1, local(2025, 2, 11))
    whistles(w, w.wangjing, 2, local(2025, 3, 12))
    return w


def test_the_band_classification():
    band = WhistleRateBand(
        effective_from=date(2025, 1, 1), low_per_1000=Decimal("5"), high_per_1000=Decimal("50")
    )
    assert band_of(Decimal("4.99"), band) == BELOW
    assert band_of(Decimal("5"), band) == WITHIN
    assert band_of(Decimal("50"), band) == WITHIN
    assert band_of(Decimal("50.01"), band) == ABOVE
    assert band_of(None, band) is None
    assert band_of(Decimal("3"), None) is None


def test_whistle_rates_against_the_band_in_force(whistled):
    w = whistled
    band, rows = whistle_rates(start=MARCH.start, end=MARCH.end)
    assert (band.low_per_1000, band.high_per_1000) == (Decimal("5"), Decimal("50"))
    assert [(row.name, row.whistles, row.tickets, row.rate, row.band) for row in rows] == [
        ("麦子店街道", 3, 50, Decimal("60.00"), ABOVE),
        ("团结湖街道", 1, 100, Decimal("10.00"), WITHIN),
        ("中关村街道", 1, 400, Decimal("2.50"), BELOW),
        ("望京街道", 2, 0, None, None),
    ]
    _band, chaoyang = whistle_rates(start=MARCH.start, end=MARCH.end, district=w.chaoyang)
    assert [row.name for row in chaoyang] == ["麦子店街道", "团结湖街道", "望京街道"]
    # Before the city's band, the starting one (1–20, data migration 0010) applies.
    earlier, _rows = whistle_rates(start=local(2024, 3, 1), end=local(2024, 4, 1))
    assert (earlier.low_per_1000, earlier.high_per_1000) == (Decimal("1.00"), Decimal("20.00"))


def cells(html: str, section: str) -> list[list[str]]:
    part = html.split(f'id="{section}"', 1)[1].split("</table>", 1)[0]
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", part, re.S)
        if "<td" in row
    ]


def test_the_page_shows_the_counts(client, make_user, dispositions, returns, whistled):
    client.force_login(make_user(Role.LEADER))
    response = client.get(page_url(section="counts", **MONTH))
    assert response.status_code == 200
    html = response.content.decode()
    rows = cells(html, "dispositions")
    assert [row[-1] for row in rows] == ["0", "3", "1", "2", "0", "0", "0", "6"]  # + the total
    # Returns: the fixtures' order tickets are dispatched too; the whistles' ones make no returns.
    assert cells(html, "returns") == [
        ["团结湖街道", "3", "1", "1"],
        ["麦子店街道", "1", "1", "0"],
        ["中关村街道", "1", "1", "0"],
    ]
    rates = cells(html, "whistle-rates")
    assert [row[0] for row in rates] == ["麦子店街道", "团结湖街道", "中关村街道", "望京街道"]
    assert [row[3] for row in rates] == ["60.00", "10.00", "2.50", "—"]
    assert 'data-band="above"' in html and 'data-band="below"' in html and 'data-band="within"' in html
    assert "高于正常区间" in html and "低于正常区间" in html


def test_a_district_supervisor_reads_their_district_only(client, make_user, dispositions, returns, whistled):
    w = dispositions
    user = make_user(Role.DISTRICT_SUPERVISOR, unit=w.chaoyang)
    client.force_login(user)
    html = client.get(page_url(section="counts", **MONTH)).content.decode()
    assert "中关村街道" not in html
    assert html.split('id="dispositions-total">', 1)[1].startswith("3<")
    assert client.get(page_url(section="counts", district="110108", **MONTH)).status_code == 404
    api = APIClient()
    api.force_authenticate(user)
    assert api.get("/api/v1/analysis/counts/?district=110108").status_code == 404


def test_the_api_gives_the_same_counts(make_user, dispositions, returns, whistled):
    api = APIClient()
    api.force_authenticate(make_user(Role.DISPATCHER))
    body = api.get("/api/v1/analysis/counts/?period=month&date=2025-03-14").json()
    assert body["dispositions_total"] == 6
    assert {row["key"]: row["count"] for row in body["dispositions"] if row["count"]} == {
        "emergency": 3,
        "legal_channel": 1,
        "repeat": 2,
    }
    assert [
        (row["name"], row["returns"], row["misdispatches"], row["refused"]) for row in body["returns"]
    ] == [
        ("团结湖街道", 3, 1, 1),
        ("麦子店街道", 1, 1, 0),
        ("中关村街道", 1, 1, 0),
    ]
    assert body["whistle_band"] == {
        "effective_from": "2025-01-01",
        "low_per_1000": "5.00",
        "high_per_1000": "50.00",
    }
    assert [(row["name"], row["rate"], row["band"]) for row in body["whistle_rates"]] == [
        ("麦子店街道", "60.00", "above"),
        ("团结湖街道", "10.00", "within"),
        ("中关村街道", "2.50", "below"),
        ("望京街道", None, None),
    ]


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.STREET_OFFICIAL])
def test_others_may_not_read_the_counts(make_user, role, world):
    api = APIClient()
    api.force_authenticate(make_user(role))
    assert api.get("/api/v1/analysis/counts/").status_code == 403


def _queries(world) -> int:
    with CaptureQueriesContext(connection) as captured:
        counts_figures(start=MARCH.start, end=MARCH.end)
        counts_figures(start=MARCH.start, end=MARCH.end, district=world.chaoyang)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_rows(world, make_user):
    REQUESTER[:] = [make_user(Role.STREET_OFFICIAL, unit=world.tuanjiehu)]

    def grow(first: int, count: int):
        streets = Unit.objects.bulk_create(
            Unit(code=f"110105{n:03d}8", name=f"街道{n}", kind="street", parent=world.chaoyang)
            for n in range(first, first + count)
        )
        for n, street in enumerate(streets):
            tickets = make_tickets(street, 2, at=local(2025, 3, 4), category=world.parking)
            assignment = Assignment.objects.filter(ticket=tickets[0]).get()
            request(
                assignment, "return", filed=local(2025, 3, 5), decision="approved", decided=local(2025, 3, 6)
            )
            whistles(world, street, 1, local(2025, 3, 7))
            disposed(world, ("emergency", "repeat", "unlawful")[n % 3], local(2025, 3, 8), world.chaoyang)

    grow(0, 2)
    few = _queries(world)
    grow(2, 20)
    assert _queries(world) == few
