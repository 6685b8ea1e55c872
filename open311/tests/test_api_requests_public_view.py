"""What GET requests and requests/{id} show of a ticket's words and place: the public view for
anyone, the full record for a key that grants it. Every JSON answer is checked against the open311
schemas by the ``api`` fixture on the way."""

import pytest

from hotline.tests.factories import CategoryFactory, TicketFactory
from open311.services import api_client_issue
from open311.tests.checks import parse_xml

pytestmark = pytest.mark.django_db

COMPLAINT = "我是3单元502的住户，电话13812348888"
REDACTED = "我是***的住户，电话***"
ADDRESS = "北京市朝阳区团结湖街道幸福家园小区5号楼2单元301室"
CALLER = ("王小明", "13987654321")


@pytest.fixture
def public_category(db):
    return CategoryFactory(code="019902", name="噪声扰民", open311_public_content=True)


def _ticket(category, **fields):
    defaults = {
        "content": COMPLAINT,
        "address": ADDRESS,
        "latitude": "39.928812",
        "longitude": "116.460149",
        "caller_name": CALLER[0],
        "caller_phone": CALLER[1],
    }
    return TicketFactory(category=category, **(defaults | fields))


def _items(api, ticket, fmt="json", **query) -> list[dict]:
    """The ticket as the list and as requests/{id} show it (the same both ways), as dicts."""
    found = []
    for path, params in (("requests", query), (f"requests/{ticket.number}", query)):
        response = api.get(path, fmt=fmt, **params)
        assert response.status_code == 200
        if fmt == "json":
            [item] = response.json()
        else:
            [element] = parse_xml(response.content)
            item = {child.tag: child.text for child in element}
        found.append(item)
    assert found[0] == found[1]
    return found


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_published_content_has_phone_and_room_numbers_hidden(api, public_category, fmt):
    ticket = _ticket(public_category)
    for item in _items(api, ticket, fmt=fmt):
        assert item["description"] == REDACTED
    for path in ("requests", f"requests/{ticket.number}"):
        body = api.get(path, fmt=fmt).content.decode()
        for secret in ("13812348888", "502", *CALLER):
            assert secret not in body


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_content_of_a_category_not_public_is_not_shown(api, category, fmt):
    assert category.open311_public_content is False  # the default
    ticket = _ticket(category)
    for item in _items(api, ticket, fmt=fmt):
        assert item["description"] is None
    assert "住户" not in api.get("requests", fmt=fmt).content.decode()


@pytest.mark.parametrize(
    "category_public, ticket_public, shown",
    [
        (True, None, REDACTED),
        (False, None, None),
        (True, False, None),
        (False, True, REDACTED),
        (True, True, REDACTED),
        (False, False, None),
    ],
)
def test_the_ticket_overrides_its_category_both_ways(api, category_public, ticket_public, shown):
    category = CategoryFactory(open311_public_content=category_public)
    ticket = _ticket(category, open311_public_content=ticket_public)
    for item in _items(api, ticket):
        assert item["description"] == shown


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_address_at_street_level_and_coordinates_rounded(api, public_category, fmt):
    ticket = _ticket(public_category)
    for item in _items(api, ticket, fmt=fmt):
        assert item["address"] == "北京市朝阳区团结湖街道"
        if fmt == "json":
            assert (item["lat"], item["long"]) == (39.93, 116.46)
        else:
            assert (item["lat"], item["long"]) == ("39.93", "116.46")


def test_no_street_in_the_address_means_no_address(api, public_category):
    ticket = _ticket(public_category, address="幸福家园小区5号楼", latitude=None, longitude=None)
    for item in _items(api, ticket):
        assert (item["address"], item["lat"], item["long"]) == (None, None, None)


def test_coordinates_to_the_decimals_set(api, public_category, settings):
    settings.OPEN311_PUBLIC_COORDINATE_DECIMALS = 3
    ticket = _ticket(public_category)
    for item in _items(api, ticket):
        assert (item["lat"], item["long"]) == (39.929, 116.46)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_key_that_may_read_full_records_gets_them(api, category, fmt):
    reader = api_client_issue(name="区城管指挥中心", can_read_full=True)
    ticket = _ticket(category)
    for item in _items(api, ticket, fmt=fmt, api_key=reader.key):
        assert item["description"] == COMPLAINT
        assert item["address"] == ADDRESS
        expected = (39.928812, 116.460149) if fmt == "json" else ("39.928812", "116.460149")
        assert (item["lat"], item["long"]) == expected
    for path in ("requests", f"requests/{ticket.number}"):
        body = api.get(path, fmt=fmt, api_key=reader.key).content.decode()
        for secret in CALLER:
            assert secret not in body


def test_a_key_without_full_access_gets_the_public_view(api, public_category, api_client_row):
    assert api_client_row.can_read_full is False
    ticket = _ticket(public_category)
    for item in _items(api, ticket, api_key=api_client_row.key):
        assert (item["description"], item["address"]) == (REDACTED, "北京市朝阳区团结湖街道")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_or_inactive_key_is_refused(api, category, fmt):
    inactive = api_client_issue(name="停用", can_read_full=True)
    inactive.is_active = False
    inactive.save(update_fields=["is_active"])
    ticket = _ticket(category)
    for key in ("no-such-key", inactive.key):
        for path in ("requests", f"requests/{ticket.number}"):
            response = api.get(path, fmt=fmt, api_key=key)
            assert response.status_code == 403
            assert COMPLAINT not in response.content.decode()
    assert api.get("requests", fmt=fmt, api_key="  ").status_code == 200


def test_confidential_tickets_stay_hidden_from_full_readers(api, public_category):
    reader = api_client_issue(name="区城管指挥中心", can_read_full=True)
    secret = _ticket(public_category, confidential=True)
    assert api.get("requests", api_key=reader.key).json() == []
    assert api.get(f"requests/{secret.number}", api_key=reader.key).status_code == 404
