"""GET requests and requests/{id}: the representation, the filters, the pages, and privacy.
What the public view shows of content and place is in test_api_requests_public_view.py."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.translation import override

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import Ticket
from hotline.tests.factories import TicketFactory
from open311 import selectors
from open311.tests.checks import assert_xml_matches, nothing_written, parse_xml
from units.tests.factories import StreetFactory

pytestmark = pytest.mark.django_db

STANDARD_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
S = Ticket.Status


def numbers(response) -> list[str]:
    return [item["service_request_id"] for item in response.json()]


@pytest.fixture
def ticket(category):
    return TicketFactory(
        number="20261122-000001",
        category=category,
        received_at=timezone.now() - timedelta(hours=2),
        latitude="39.928800",
        longitude="116.460100",
        caller_name="王小明",
        caller_phone="13987654321",
    )


def test_a_request_in_the_standard_shape(api, ticket, category, make_user):
    """The public view: content not public in this category, address at street level."""
    street = StreetFactory(name="团结湖街道")
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=make_user(Role.DISPATCHER))
    ticket.refresh_from_db()
    [item] = api.get(f"requests/{ticket.number}", headers={"accept-language": "en"}).json()
    assert list(item) == STANDARD_FIELDS
    local = timezone.localtime(ticket.received_at, timezone.get_default_timezone())
    assert item == {
        "service_request_id": "20261122-000001",
        "status": "open",
        "status_notes": "Dispatched",
        "service_name": "占道经营",
        "service_code": category.code,
        "description": None,
        "agency_responsible": "团结湖街道",
        "service_notice": None,
        "requested_datetime": local.isoformat(timespec="seconds"),
        "updated_datetime": item["updated_datetime"],
        "expected_datetime": None,
        "address": "朝阳区团结湖路",
        "address_id": None,
        "zipcode": None,
        "lat": 39.93,
        "long": 116.46,
        "media_url": None,
    }
    assert item["requested_datetime"].endswith("+08:00")
    assert item["updated_datetime"] == selectors.datetime_iso(ticket.status_changed_at)


def test_no_personal_data_in_any_answer(api, ticket):
    for path in ("requests", f"requests/{ticket.number}"):
        for fmt in ("json", "xml"):
            body = api.get(path, fmt=fmt).content.decode()
            for secret in ("王小明", "13987654321", "caller", "phone", "email", "first_name", "last_name"):
                assert secret not in body


def test_lead_unit_only_and_null_before_dispatch(api, ticket, make_user):
    assert api.get(f"requests/{ticket.number}").json()[0]["agency_responsible"] is None
    lead, assist = StreetFactory(name="主办街道"), StreetFactory(name="协办街道")
    ticket_dispatch(ticket=ticket, lead_unit=lead, actor=make_user(Role.DISPATCHER), assisting_units=[assist])
    assert api.get(f"requests/{ticket.number}").json()[0]["agency_responsible"] == "主办街道"


@pytest.mark.parametrize(
    "status, expected",
    [
        (S.PENDING, "open"),
        (S.DISPATCHED, "open"),
        (S.ANSWERED, "closed"),
        (S.DISPOSED, "closed"),
        (S.MERGED, "closed"),
        (S.CLOSED, "closed"),
    ],
)
def test_status_is_open_or_closed_and_status_notes_the_fine_state(api, category, status, expected):
    ticket = TicketFactory(category=category, status=status)
    [item] = api.get(f"requests/{ticket.number}", headers={"accept-language": "en"}).json()
    with override("en"):
        label = str(S(status).label)
    assert (item["status"], item["status_notes"]) == (expected, label)
    only = api.get("requests", status=expected)
    assert numbers(only) == [ticket.number]
    other = "closed" if expected == "open" else "open"
    assert numbers(api.get("requests", status=other)) == []
    assert numbers(api.get("requests", status="open,closed")) == [ticket.number]


def test_a_merged_request_names_its_master(api, category):
    master = TicketFactory(category=category)
    merged = TicketFactory(category=category, status=S.MERGED, master=master)
    assert master.number in api.get(f"requests/{merged.number}").json()[0]["service_notice"]


def test_confidential_tickets_are_never_shown(api, category):
    secret = TicketFactory(category=category, confidential=True)
    public = TicketFactory(category=category)
    assert numbers(api.get("requests")) == [public.number]
    assert numbers(api.get("requests", service_request_id=f"{secret.number},{public.number}")) == [
        public.number
    ]
    assert numbers(api.get("requests", service_code=category.code)) == [public.number]
    for fmt in ("json", "xml"):
        assert api.get(f"requests/{secret.number}", fmt=fmt).status_code == 404
    assert api.get("requests/20990101-000001").status_code == 404


def test_default_is_the_last_90_days_newest_first(api, category):
    now = timezone.now()
    old = TicketFactory(category=category, received_at=now - timedelta(days=91))
    recent = TicketFactory(category=category, received_at=now - timedelta(days=89))
    newest = TicketFactory(category=category, received_at=now - timedelta(minutes=1))
    assert numbers(api.get("requests")) == [newest.number, recent.number]
    assert old.number not in numbers(api.get("requests", start_date="", end_date="", status=""))


def test_date_window(api, category):
    local = timezone.get_default_timezone()
    at = [timezone.make_aware(timezone.datetime(2026, 3, day, 12), local) for day in (1, 10, 20)]
    first, middle, last = (TicketFactory(category=category, received_at=moment) for moment in at)
    window = api.get("requests", start_date="2026-03-05T00:00:00+08:00", end_date="2026-03-20T11:59:59+08:00")
    assert numbers(window) == [middle.number]
    assert numbers(api.get("requests", start_date="2026-03-01", end_date="2026-03-20")) == [
        last.number,
        middle.number,
        first.number,
    ]
    assert numbers(api.get("requests", start_date="2026-03-10T04:00:00Z")) == [last.number, middle.number]
    assert numbers(api.get("requests", end_date="2026-03-01T12:00:00+08:00")) == [first.number]


def test_service_code_filter(api, category):
    other = TicketFactory()
    mine = TicketFactory(category=category)
    assert numbers(api.get("requests", service_code=category.code)) == [mine.number]
    codes = f"{category.code},{other.category.code}"
    assert set(numbers(api.get("requests", service_code=codes))) == {mine.number, other.number}
    assert numbers(api.get("requests", service_code="000000")) == []


def test_service_request_ids_override_the_other_filters(api, category):
    long_ago = TicketFactory(
        category=category, received_at=timezone.now() - timedelta(days=400), status=S.CLOSED
    )
    today = TicketFactory(category=category)
    response = api.get(
        "requests",
        service_request_id=f"{long_ago.number}, {today.number},20990101-000009",
        status="open",
        service_code="000000",
        start_date="not a date",
    )
    assert set(numbers(response)) == {long_ago.number, today.number}


@pytest.fixture
def many_tickets(category, request_types):
    """2026-11-22-000001 the newest … 000012 the oldest."""
    now = timezone.now()
    Ticket.objects.bulk_create(
        TicketFactory.build(
            number=f"20261122-{n:06d}",
            category=category,
            request_type=request_types["complaint"],
            received_at=now - timedelta(seconds=n),
        )
        for n in range(1, 13)
    )
    return [f"20261122-{n:06d}" for n in range(1, 13)]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_list_comes_in_pages(api, many_tickets, settings, fmt):
    settings.OPEN311_PAGE_SIZE_DEFAULT, settings.OPEN311_PAGE_SIZE_MAX = 5, 10

    def page(**query):
        response = api.get("requests", fmt=fmt, **query)
        assert response.status_code == 200
        if fmt == "json":
            return numbers(response)
        return [item.find("service_request_id").text for item in parse_xml(response.content)]

    assert page() == many_tickets[:5]
    assert page(page="2") == many_tickets[5:10]
    assert page(page="3") == many_tickets[10:]
    assert page(page="4") == []
    assert page(page_size="10", page="") == many_tickets[:10]
    assert page(page_size="10", page="2") == many_tickets[10:]


def test_the_default_page_is_50_of_at_most_100(api, many_tickets, settings):
    assert (settings.OPEN311_PAGE_SIZE_DEFAULT, settings.OPEN311_PAGE_SIZE_MAX) == (50, 100)
    assert numbers(api.get("requests")) == many_tickets
    assert api.get("requests", page_size="100").status_code == 200


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    "query, field",
    [
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "1000"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "-5"}, "page_size"),
        ({"page_size": "１０"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "abc"}, "page"),
        ({"page": "9" * 30}, "page"),
    ],
)
def test_a_page_over_the_cap_or_malformed_is_400(api, many_tickets, query, field, fmt):
    response = api.get("requests", fmt=fmt, headers={"accept-language": "en"}, **query)
    assert response.status_code == 400
    if fmt == "json":
        [error] = response.json()
        assert error["description"].startswith(f"{field}: a whole number from 1 to ")
    else:
        [error] = parse_xml(response.content).findall("error")
        assert error.find("description").text.startswith(f"{field}: ")


def test_service_request_ids_are_one_page_at_most(api, many_tickets, settings):
    settings.OPEN311_PAGE_SIZE_MAX = 10
    assert len(numbers(api.get("requests", service_request_id=",".join(many_tickets[:10])))) == 10
    response = api.get("requests", service_request_id=",".join(many_tickets[:11]))
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("service_request_id: ")


def test_the_list_costs_a_fixed_number_of_queries(api, category, make_user, django_assert_max_num_queries):
    dispatcher = make_user(Role.DISPATCHER)
    for _ in range(5):
        ticket_dispatch(ticket=TicketFactory(category=category), lead_unit=StreetFactory(), actor=dispatcher)
    with django_assert_max_num_queries(3):
        assert len(api.get("requests").json()) == 5


def test_the_list_in_xml_carries_the_same_fields_and_values(api, ticket, category, make_user):
    ticket_dispatch(ticket=ticket, lead_unit=StreetFactory(), actor=make_user(Role.DISPATCHER))
    TicketFactory(category=category, status=S.CLOSED)
    data = api.get("requests").json()
    root = parse_xml(api.get("requests", fmt="xml").content)
    assert root.tag == "service_requests"
    assert [child.tag for child in root] == ["request", "request"]
    assert_xml_matches(root, data)
    [single] = api.get(f"requests/{ticket.number}").json()
    assert_xml_matches(parse_xml(api.get(f"requests/{ticket.number}", fmt="xml").content), [single])


BAD_QUERIES = {
    "malformed start_date": ({"start_date": "22/11/2026"}, ["start_date"]),
    "malformed end_date": ({"end_date": "2026-11-31"}, ["end_date"]),
    "more than 90 days apart": (
        {"start_date": "2026-01-01", "end_date": "2026-06-01"},
        ["start_date/end_date"],
    ),
    "start after end": ({"start_date": "2026-06-01", "end_date": "2026-01-01"}, ["start_date/end_date"]),
    "unknown status": ({"status": "pending"}, ["status"]),
}


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("query, fields", BAD_QUERIES.values(), ids=BAD_QUERIES.keys())
def test_bad_filters_are_400_naming_the_argument(api, ticket, query, fields, fmt):
    with nothing_written():
        response = api.get("requests", fmt=fmt, **query)
    assert response.status_code == 400
    if fmt == "json":
        assert [error["description"].split(": ")[0] for error in response.json()] == fields
    else:
        errors = parse_xml(response.content).findall("error")
        assert [(e.find("code").text, e.find("description").text.split(": ")[0]) for e in errors] == [
            ("400", field) for field in fields
        ]


@pytest.mark.parametrize(
    "path, query, status",
    [
        ("requests", {"service_code": "01\x0001", "status": "open\x00"}, 200),
        ("requests", {"service_request_id": "\x00,'; DROP TABLE hotline_ticket;--"}, 200),
        ("requests", {"start_date": "0001-01-01T00:00:00+14:00"}, 400),
        ("requests", {"end_date": "9999-12-31T23:59:59-12:00"}, 400),
        ("requests/%00", {}, 404),
        ("services/%E4%B8%AD", {}, 404),
        ("tokens/..%2F..%2Fetc", {}, 404),
    ],
)
def test_odd_input_never_breaks_the_server(api, ticket, path, query, status):
    assert api.get(path, **query).status_code == status


def test_dates_outside_the_supported_years_say_so(api, ticket):
    [error] = api.get("requests", start_date="1899-12-31", headers={"accept-language": "en"}).json()
    assert error["description"] == "start_date: “1899-12-31” lies outside the years 1900 to 2999."
