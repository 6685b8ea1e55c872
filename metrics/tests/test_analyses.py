"""The analysis reads (metrics.analyses): periods, volumes, high-frequency categories and addresses,
district and street figures, the monthly trend — on a hand-built fixture whose counts are written
out here, and with the same number of queries for few and many units."""

import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dispatch.models import Assignment
from hotline.caller import address_key
from hotline.models import Category, Channel, RequestType, Ticket
from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from metrics import analyses
from metrics.analyses import (
    PeriodKind,
    district_volumes,
    period_of,
    street_table,
    top_addresses,
    top_categories,
    volume_by,
)
from metrics.models import RankingRow, RankingSnapshot, ScoringScheme
from metrics.tests.factories import ScoringSchemeFactory, order
from metrics.trend import monthly_trend
from units.models import Unit
from units.tests.factories import CityFactory, DepartmentFactory

ZONE = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count(1)


def local(year, month, day, hour=10, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=ZONE)


def make_tickets(
    unit: Unit | None,
    count: int,
    *,
    at: datetime,
    category: Category,
    request_type: RequestType | None = None,
    channel: str = "phone",
    address: str = "",
    status: str = Assignment.Status.DISPATCHED,
) -> list[Ticket]:
    """``count`` tickets received at ``at``, each with a lead assignment of ``unit`` (none when
    ``unit`` is None: not dispatched)."""
    request_type = request_type or RequestTypeFactory()
    tickets = Ticket.objects.bulk_create(
        Ticket(
            number=f"T{next(_numbers):08d}",
            received_at=at,
            channel=channel,
            request_type=request_type,
            category=category,
            address=address,
            address_key=address_key(address) if address else "",
            content="测试",
            tier="T3",
            status="dispatched" if unit is not None else "answered",
        )
        for _n in range(count)
    )
    if unit is not None:
        Assignment.objects.bulk_create(
            Assignment(ticket=ticket, unit=unit, role="lead", status=status, assigned_at=at)
            for ticket in tickets
        )
    return tickets


def category_tree(code: str, names: tuple[str, str, str]) -> Category:
    """A leaf with its two ancestors."""
    top = Category.objects.create(code=code, name=names[0], level=1, path=names[0])
    middle = Category.objects.create(
        code=f"{code}01", name=names[1], level=2, parent=top, path=f"{names[0]} / {names[1]}"
    )
    return Category.objects.create(
        code=f"{code}0101", name=names[2], level=3, parent=middle, path=f"{middle.path} / {names[2]}"
    )


@dataclass
class World:
    city: Unit
    chaoyang: Unit
    haidian: Unit
    tuanjiehu: Unit  # street of 朝阳区
    maizidian: Unit  # street of 朝阳区
    zhongguancun: Unit  # street of 海淀区
    chaoyang_enforcement: Unit  # a department of 朝阳区
    parking: Category  # 城市管理 / 交通秩序 / 乱停车
    noise: Category  # 城市管理 / 噪音扰民 / 施工噪音
    heating: Category  # 公共服务 / 供暖 / 暖气不热
    complaint: RequestType
    consult: RequestType


@pytest.fixture
def world(db) -> World:
    city = CityFactory()
    chaoyang = Unit.objects.create(code="110105", name="朝阳区", kind="district", parent=city)
    haidian = Unit.objects.create(code="110108", name="海淀区", kind="district", parent=city)
    parking = category_tree("71", ("城市管理", "交通秩序", "乱停车"))
    noise_middle = Category.objects.create(
        code="7102", name="噪音扰民", level=2, parent=parking.parent.parent, path="城市管理 / 噪音扰民"
    )
    noise = Category.objects.create(
        code="710201", name="施工噪音", level=3, parent=noise_middle, path="城市管理 / 噪音扰民 / 施工噪音"
    )
    return World(
        city=city,
        chaoyang=chaoyang,
        haidian=haidian,
        tuanjiehu=Unit.objects.create(code="110105001", name="团结湖街道", kind="street", parent=chaoyang),
        maizidian=Unit.objects.create(code="110105002", name="麦子店街道", kind="street", parent=chaoyang),
        zhongguancun=Unit.objects.create(code="110108001", name="中关村街道", kind="street", parent=haidian),
        chaoyang_enforcement=DepartmentFactory(parent=chaoyang),
        parking=parking,
        noise=noise,
        heating=category_tree("72", ("公共服务", "供暖", "暖气不热")),
        complaint=RequestTypeFactory(),
        consult=RequestType.objects.create(code="consult", name="咨询", direct_answer_allowed=True),
    )


MARCH = period_of(PeriodKind.MONTH, date(2025, 3, 14))


@pytest.fixture
def march(world) -> World:
    """March 2025:

    | unit | parking | noise | heating | channel | address |
    |---|---|---|---|---|---|
    | 团结湖 (朝阳) | 5 | 1 | – | phone; the noise one web | 5 at 团结湖路1号, spelt two ways |
    | 麦子店 (朝阳) | – | 2 | – | wechat | |
    | 朝阳 enforcement dept. | 1 | – | – | phone | |
    | 朝阳区 itself | – | – | 1 | phone | |
    | 中关村 (海淀) | 3 | – | 3 | app | 2 at 中关村大街27号 (+1 in February) |
    | not dispatched | – | – | 2 consultations | phone | |

    Outside the month: 2 parking tickets of 团结湖 on 2025-02-28 23:30 and on 2025-04-01 00:00
    (local time), one ticket returned by 麦子店 and re-dispatched to 中关村 (counts for 中关村)."""
    w = world
    make_tickets(w.tuanjiehu, 4, at=local(2025, 3, 3), category=w.parking, address="朝阳区团结湖路1号")
    make_tickets(
        w.tuanjiehu, 1, at=local(2025, 3, 31, 23, 59), category=w.parking, address="北京市朝阳区团结湖路１号"
    )
    make_tickets(w.tuanjiehu, 1, at=local(2025, 3, 1, 0, 0), category=w.noise, channel="web")
    make_tickets(w.maizidian, 2, at=local(2025, 3, 10), category=w.noise, channel="wechat")
    make_tickets(w.chaoyang_enforcement, 1, at=local(2025, 3, 11), category=w.parking)
    make_tickets(w.chaoyang, 1, at=local(2025, 3, 12), category=w.heating)
    make_tickets(w.zhongguancun, 3, at=local(2025, 3, 5), category=w.parking, channel="app")
    make_tickets(
        w.zhongguancun, 2, at=local(2025, 3, 6), category=w.heating, channel="app", address="中关村大街27号"
    )
    make_tickets(
        w.zhongguancun, 1, at=local(2025, 2, 6), category=w.heating, channel="app", address="中关村大街27号"
    )
    make_tickets(None, 2, at=local(2025, 3, 7), category=w.heating, request_type=w.consult)
    make_tickets(w.tuanjiehu, 1, at=local(2025, 2, 28, 23, 30), category=w.parking)
    make_tickets(w.tuanjiehu, 1, at=local(2025, 4, 1, 0, 0), category=w.parking)
    (moved,) = make_tickets(
        w.maizidian,
        1,
        at=local(2025, 3, 20),
        category=w.heating,
        channel="app",
        status=Assignment.Status.RETURNED,
    )
    Assignment.objects.create(ticket=moved, unit=w.zhongguancun, role="lead", assigned_at=local(2025, 3, 21))
    return w


def rows(found) -> list[tuple]:
    return [(row.label, row.count) for row in found]


# --- periods ------------------------------------------------------------------------------------


def test_a_day_is_midnight_to_midnight_in_the_city():
    period = period_of("day", date(2025, 3, 5))
    assert (period.start, period.end) == (local(2025, 3, 5, 0), local(2025, 3, 6, 0))
    assert period.first_day == period.last_day == date(2025, 3, 5)


def test_a_week_is_an_iso_week_from_monday():
    period = period_of("week", date(2025, 3, 5))  # a Wednesday
    assert (period.first_day, period.last_day) == (date(2025, 3, 3), date(2025, 3, 9))
    assert (period.start, period.end) == (local(2025, 3, 3, 0), local(2025, 3, 10, 0))
    assert period_of("week", date(2025, 3, 9)).first_day == date(2025, 3, 3)  # Sunday: same week
    assert period_of("week", date(2025, 3, 10)).first_day == date(2025, 3, 10)


def test_a_month_and_the_neighbouring_periods():
    period = period_of("month", date(2024, 2, 17))
    assert (period.first_day, period.last_day) == (date(2024, 2, 1), date(2024, 2, 29))
    assert (period.start, period.end) == (local(2024, 2, 1, 0), local(2024, 3, 1, 0))
    assert period_of("month", period.previous_day).first_day == date(2024, 1, 1)
    assert period_of("month", period.next_day).first_day == date(2024, 3, 1)
    assert period_of("month", date(2024, 12, 31)).end == local(2025, 1, 1, 0)


def test_an_unknown_period_kind_is_refused():
    with pytest.raises(ValueError):
        period_of("year", date(2025, 1, 1))


# --- volumes ------------------------------------------------------------------------------------


def test_volume_by_channel_counts_every_ticket_received_in_the_period(march):
    found = volume_by("channel", start=MARCH.start, end=MARCH.end)
    # phone: 团结湖 5 parking + dept 1 + 朝阳区 1 + 2 consultations; app: 中关村 5 + the moved one.
    assert [(row.key, row.count) for row in found] == [("phone", 9), ("app", 6), ("wechat", 2), ("web", 1)]
    assert found[0].label == str(Channel.PHONE.label)


def test_volume_by_request_type_and_by_category(march):
    w = march
    by_type = volume_by("request_type", start=MARCH.start, end=MARCH.end)
    assert [(row.key, row.count) for row in by_type] == [(w.complaint.pk, 16), (w.consult.pk, 2)]
    by_top = volume_by("category", start=MARCH.start, end=MARCH.end)
    assert rows(by_top) == [("城市管理", 12), ("公共服务", 6)]
    assert by_top[0].key == w.parking.parent.parent_id
    by_leaf = volume_by("category_leaf", start=MARCH.start, end=MARCH.end)
    assert rows(by_leaf) == [
        ("城市管理 / 交通秩序 / 乱停车", 9),
        ("公共服务 / 供暖 / 暖气不热", 6),
        ("城市管理 / 噪音扰民 / 施工噪音", 3),
    ]


def test_volumes_of_a_district_follow_the_lead_unit_in_force(march):
    w = march
    chaoyang = volume_by("category_leaf", start=MARCH.start, end=MARCH.end, district=w.chaoyang)
    # 团结湖 5 + dept 1 parking; 团结湖 1 + 麦子店 2 noise; the district's own heating ticket. The
    # ticket 麦子店 returned is 中关村's now; the undispatched consultations are in no district.
    assert rows(chaoyang) == [
        ("城市管理 / 交通秩序 / 乱停车", 6),
        ("城市管理 / 噪音扰民 / 施工噪音", 3),
        ("公共服务 / 供暖 / 暖气不热", 1),
    ]
    haidian = volume_by("channel", start=MARCH.start, end=MARCH.end, district=w.haidian)
    assert [(row.key, row.count) for row in haidian] == [("app", 6)]


def test_an_unknown_volume_field_is_refused(db):
    with pytest.raises(ValueError):
        volume_by("caller_phone", start=MARCH.start, end=MARCH.end)


def test_top_categories_are_limited(march):
    assert rows(top_categories(start=MARCH.start, end=MARCH.end, limit=2)) == [
        ("城市管理 / 交通秩序 / 乱停车", 9),
        ("公共服务 / 供暖 / 暖气不热", 6),
    ]


def test_top_addresses_group_the_normalised_address_and_keep_a_sample(march):
    found = top_addresses(start=MARCH.start, end=MARCH.end)
    assert [(row.count, row.address_key) for row in found] == [
        (5, address_key("朝阳区团结湖路1号")),
        (2, address_key("中关村大街27号")),
    ]
    assert found[0].address in {"朝阳区团结湖路1号", "北京市朝阳区团结湖路１号"}
    assert [row.count for row in top_addresses(start=MARCH.start, end=MARCH.end, min_count=3)] == [5]
    assert [row.count for row in top_addresses(start=MARCH.start, end=MARCH.end, limit=1)] == [5]
    haidian = top_addresses(start=MARCH.start, end=MARCH.end, district=march.haidian)
    assert [row.count for row in haidian] == [2]


# --- districts and streets ---------------------------------------------------------------------


def test_district_volumes_place_a_ticket_by_its_lead_unit(march):
    w = march
    assert district_volumes(start=MARCH.start, end=MARCH.end) == {w.chaoyang.pk: 10, w.haidian.pk: 6}


def test_street_table_counts_tickets_and_leaves_rates_empty_without_figures(march):
    w = march
    lines = {line.name: line for line in street_table(start=MARCH.start, end=MARCH.end)}
    assert {name: line.tickets for name, line in lines.items()} == {
        "团结湖街道": 6,
        "麦子店街道": 2,
        "中关村街道": 6,
    }
    assert lines["团结湖街道"].response_rate is None and lines["团结湖街道"].composite is None
    chaoyang = street_table(start=MARCH.start, end=MARCH.end, district=w.chaoyang)
    assert [line.code for line in chaoyang] == ["110105001", "110105002"]
    assert chaoyang[0].district_id == w.chaoyang.pk


def test_street_table_rates_are_those_of_the_computation(world):
    w = world
    ScoringSchemeFactory(effective_from=date(2025, 1, 1))
    due = local(2025, 3, 10)
    callback = (local(2025, 3, 12), "solved", "basic")
    order(w.tuanjiehu, due=due, callbacks=(callback,))
    order(w.tuanjiehu, due=due, contact="missed", callbacks=((local(2025, 3, 12), "partly", "satisfied"),))
    line = next(
        line for line in street_table(start=MARCH.start, end=MARCH.end) if line.unit_id == w.tuanjiehu.pk
    )
    assert line.response_rate == Decimal("0.5")
    assert line.resolution_rate == Decimal("0.75")  # (1 + 0.5 × 1) / 2
    assert line.satisfaction_rate == Decimal("0.9")  # (1 + 0.8 × 1) / 2
    assert line.composite == Decimal("0.76")  # 0.2 × 0.5 + 0.4 × 0.75 + 0.4 × 0.9
    assert line.counts.valid_callbacks == 2


def test_without_a_scheme_only_the_response_rate_is_shown(world):
    ScoringScheme.objects.all().delete()  # the example schemes of the data migration
    order(world.tuanjiehu, due=local(2025, 3, 10), callbacks=((local(2025, 3, 12), "solved", "satisfied"),))
    line = next(line for line in street_table(start=MARCH.start, end=MARCH.end) if line.name == "团结湖街道")
    assert line.response_rate == Decimal(1)
    assert (line.resolution_rate, line.satisfaction_rate, line.composite) == (None, None, None)


# --- trend --------------------------------------------------------------------------------------


def test_monthly_trend_counts_by_local_month(march):
    points = monthly_trend(months=3, end_month=date(2025, 4, 1))
    assert [(point.month, point.tickets) for point in points] == [
        (date(2025, 2, 1), 2),  # 中关村 on 02-06 and 团结湖 on 02-28 23:30 local (15:30 UTC)
        (date(2025, 3, 1), 18),  # the 00:00 on 03-01 local is 02-28 16:00 UTC
        (date(2025, 4, 1), 1),
    ]
    assert all(point.composite is None for point in points)


def test_monthly_trend_of_a_district_and_of_a_street(march):
    w = march
    by_district = monthly_trend(months=2, end_month=date(2025, 3, 1), unit=w.chaoyang)
    assert [point.tickets for point in by_district] == [1, 10]
    by_street = monthly_trend(months=2, end_month=date(2025, 3, 1), unit=w.zhongguancun)
    assert [point.tickets for point in by_street] == [1, 6]
    assert monthly_trend(months=1, end_month=date(2025, 3, 1), unit=w.city)[0].tickets == 18


def _snapshot(unit: Unit, month: date, version: int, composite: str) -> None:
    scheme = ScoringSchemeFactory(effective_from=date(2024, 1, 1))
    snapshot = RankingSnapshot.objects.create(
        month=month,
        unit_kind="street",
        version=version,
        period_start=local(month.year, month.month, 1, 0),
        period_end=local(month.year, month.month, 1, 0) + timedelta(days=28),
        scheme=scheme,
        scheme_terms=scheme.terms().as_json(),
    )
    RankingRow.objects.create(
        snapshot=snapshot,
        unit=unit,
        unit_code=unit.code,
        unit_name=unit.name,
        response_met=1,
        response_due=1,
        solved=1,
        partly=0,
        satisfied=1,
        basic=0,
        valid_callbacks=1,
        response_rate=Decimal(1),
        resolution_rate=Decimal(1),
        satisfaction_rate=Decimal(1),
        composite=Decimal(composite),
        ranked=True,
        rank=1,
    )


def test_monthly_trend_takes_a_units_rates_from_the_snapshot_in_force(march):
    w = march
    _snapshot(w.tuanjiehu, date(2025, 2, 1), 1, "0.5")
    _snapshot(w.tuanjiehu, date(2025, 2, 1), 2, "0.6")
    _snapshot(w.maizidian, date(2025, 3, 1), 1, "0.7")
    points = monthly_trend(months=2, end_month=date(2025, 3, 1), unit=w.tuanjiehu)
    assert [(point.month, point.tickets, point.composite) for point in points] == [
        (date(2025, 2, 1), 1, Decimal("0.6")),
        (date(2025, 3, 1), 6, None),
    ]


# --- query counts ------------------------------------------------------------------------------


def grow_streets(world: World, first: int, streets: int, categories: int) -> None:
    units = Unit.objects.bulk_create(
        Unit(code=f"110108{n:03d}9", name=f"街道{n}", kind="street", parent=world.haidian)
        for n in range(first, first + streets)
    )
    leaves = [CategoryFactory() for _n in range(categories)]
    for n, unit in enumerate(units):
        make_tickets(unit, 2, at=local(2025, 3, 4), category=leaves[n % len(leaves)], address=f"地址{n}")


def _queries(world: World) -> int:
    with CaptureQueriesContext(connection) as captured:
        for field in analyses.VOLUME_FIELDS:
            volume_by(field, start=MARCH.start, end=MARCH.end, district=world.haidian)
        top_categories(start=MARCH.start, end=MARCH.end)
        top_addresses(start=MARCH.start, end=MARCH.end)
        district_volumes(start=MARCH.start, end=MARCH.end)
        street_table(start=MARCH.start, end=MARCH.end)
        monthly_trend(months=12, end_month=date(2025, 3, 1), unit=world.haidian)
    return len(captured)


def test_the_number_of_queries_does_not_grow_with_units_or_categories(world):
    ScoringSchemeFactory(effective_from=date(2025, 1, 1))
    grow_streets(world, 0, 2, 2)
    few = _queries(world)
    grow_streets(world, 2, 20, 15)
    assert _queries(world) == few
