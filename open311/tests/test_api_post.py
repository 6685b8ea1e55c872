"""POST requests: a ticket through intake, the answer, the token, idempotency, and every refusal."""

import pytest

from hotline.models import Channel, Ticket, TicketEvent
from open311.models import RequestToken
from open311.services import api_client_issue, api_client_update
from open311.tests import schemas
from open311.tests.checks import nothing_written, parse_xml

pytestmark = pytest.mark.django_db


def test_post_files_one_ticket_through_intake(api, form, category, request_types, api_client_row):
    response = api.post(form)
    assert response.status_code == 201
    [answer] = response.json()
    ticket = Ticket.objects.get()
    assert answer["service_request_id"] == ticket.number
    assert answer["account_id"] == "acct-42"
    assert answer["service_notice"]
    assert ticket.channel == Channel.OPEN311
    assert ticket.category == category
    assert ticket.request_type == request_types["help"]
    assert ticket.content == form["description"]
    assert ticket.caller_name == "张三"
    assert ticket.caller_phone == "13812345678"
    assert ticket.address == "朝阳区团结湖路1号"
    assert (float(ticket.latitude), float(ticket.longitude)) == (39.9288, 116.4601)
    assert ticket.tier == category.default_tier
    assert ticket.confidential is False
    [event] = TicketEvent.objects.filter(ticket=ticket)
    assert (event.action, event.to_status, event.payload) == ("receive", "pending", {"channel": "open311"})
    token = RequestToken.objects.get()
    assert (token.ticket, token.client, token.token) == (ticket, api_client_row, answer["token"])


def test_the_token_leads_to_the_request(api, form):
    answer = api.post(form).json()[0]
    tokens = api.get(f"tokens/{answer['token']}").json()
    assert tokens == [{"service_request_id": answer["service_request_id"], "token": answer["token"]}]
    root = parse_xml(api.get(f"tokens/{answer['token']}", fmt="xml").content)
    assert root.find("request/service_request_id").text == answer["service_request_id"]
    assert api.get("tokens/no-such-token").status_code == 404


def test_post_in_xml(api, form):
    response = api.post(form, fmt="xml")
    assert response.status_code == 201
    root = parse_xml(response.content)
    assert root.tag == "service_requests"
    [request] = root.findall("request")
    assert request.find("service_request_id").text == Ticket.objects.get().number
    assert request.find("token").text == RequestToken.objects.get().token
    assert request.find("account_id").text == "acct-42"


def test_request_type_attribute_and_address_only(api, form, request_types):
    del form["lat"], form["long"], form["address_string"]
    form.update({"attribute[request_type]": "complaint", "address_id": "东城区和平里街道"})
    assert api.post(form).status_code == 201
    ticket = Ticket.objects.get()
    assert ticket.request_type == request_types["complaint"]
    assert ticket.address == "东城区和平里街道"
    assert ticket.latitude is None and ticket.longitude is None


def test_coordinates_alone_are_a_location(api, form):
    del form["address_string"]
    assert api.post(form).status_code == 201
    assert Ticket.objects.get().address == ""


def test_latin_names_keep_a_space_and_anonymous_callers_stay_anonymous(api, form):
    form.update(first_name="John", last_name="Smith", phone="匿名")
    api.post(form)
    ticket = Ticket.objects.get()
    assert (ticket.caller_name, ticket.caller_phone, ticket.caller_anonymous) == ("", "", True)
    form.update(phone="010-6512 3456", description="另一件事")
    api.post(form)
    ticket = Ticket.objects.exclude(caller_anonymous=True).get()
    assert (ticket.caller_name, ticket.caller_phone) == ("Smith John", "010-65123456")


def test_optional_arguments_may_be_empty(api, form):
    form.update(first_name="", last_name="", phone="", email="", device_id="", account_id="", media_url="")
    form["attribute[request_type]"] = ""
    response = api.post(form)
    assert response.status_code == 201
    assert response.json()[0]["account_id"] is None
    ticket = Ticket.objects.get()
    assert (ticket.caller_name, ticket.caller_phone, ticket.request_type.code) == ("", "", "help")


def test_a_report_is_confidential_and_never_listed(api, form):
    form["attribute[request_type]"] = "report"
    number = api.post(form).json()[0]["service_request_id"]
    assert Ticket.objects.get().confidential is True
    assert api.get("requests").json() == []
    assert api.get(f"requests/{number}").status_code == 404


def test_media_url_is_kept_beside_the_ticket(api, form):
    form["media_url"] = "https://img.example.org/photo/1.jpg"
    api.post(form)
    assert RequestToken.objects.get().media_url == "https://img.example.org/photo/1.jpg"


def test_description_of_exactly_4000_characters_is_accepted(api, form):
    form["description"] = "占" * 4000
    assert api.post(form).status_code == 201


def test_retry_with_the_same_idempotency_key_answers_the_same_request(api, form):
    first = api.post(form, idempotency_key="retry-1")
    second = api.post(form, idempotency_key="retry-1")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Ticket.objects.count() == 1
    assert TicketEvent.objects.count() == 1
    assert RequestToken.objects.count() == 1
    ticket = Ticket.objects.get()
    assert (ticket.idempotency_scope, ticket.idempotency_key) == (
        f"open311:{RequestToken.objects.get().client_id}",
        "retry-1",
    )


def test_the_same_idempotency_key_with_another_request_is_422(api, form):
    first = api.post(form, idempotency_key="retry-1")
    with nothing_written():
        response = api.post({**form, "description": "另一件事"}, idempotency_key="retry-1")
    assert (first.status_code, response.status_code) == (201, 422)
    assert response.json()[0]["description"].startswith("Idempotency-Key: ")
    assert "Idempotency-Key" in response.json()[0]["description"][len("Idempotency-Key: ") :]


def test_a_phone_in_full_width_digits_is_stored_as_ascii(api, form):
    assert api.post({**form, "phone": "１３８１２３４５６７８"}).status_code == 201
    assert Ticket.objects.get().caller_phone == "13812345678"


def test_idempotency_keys_are_per_client(api, form):
    other = api_client_issue(name="another app")
    api.post(form, idempotency_key="same")
    api.post({**form, "api_key": other.key}, idempotency_key="same")
    api.post(form)
    api.post(form)
    assert Ticket.objects.count() == 4


def test_the_api_key_is_enough_even_beside_a_logged_in_session(api, form, make_user):
    api.client.force_login(make_user())  # the client checks CSRF, and no token is sent
    assert api.post(form).status_code == 201


@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize("key", [None, "", "wrong-key", "inactive"])
def test_missing_invalid_or_inactive_api_key_is_403(api, form, api_client_row, fmt, key):
    if key is None:
        del form["api_key"]
    elif key == "inactive":
        api_client_update(client=api_client_row, is_active=False)
    else:
        form["api_key"] = key
    form["service_code"] = ""  # the key is checked first: no other problem is reported
    with nothing_written():
        response = api.post(form, fmt=fmt)
    assert response.status_code == 403
    if fmt == "json":
        [error] = response.json()
        assert error["description"].startswith("api_key: ")
    else:
        assert parse_xml(response.content).find("error/code").text == "403"


INVALID = {
    "service_code missing": ({"service_code": ""}, ["service_code"]),
    "service_code unknown": ({"service_code": "999999"}, ["service_code"]),
    "service_code not a leaf": ({"service_code": "99"}, ["service_code"]),
    "description missing": ({"description": "   "}, ["description"]),
    "description too long": ({"description": "长" * 4001}, ["description"]),
    "outside China": ({"lat": "51.5072", "long": "-0.1276"}, ["lat/long"]),
    "lat only": ({"long": ""}, ["long"]),
    "long only": ({"lat": ""}, ["lat"]),
    "lat not a number": ({"lat": "north"}, ["lat"]),
    "lat infinite": ({"lat": "inf", "long": "nan"}, ["lat", "long"]),
    "no location": ({"lat": "", "long": "", "address_string": ""}, ["lat/long/address_string"]),
    "address too long": ({"address_string": "路" * 256}, ["address_string"]),
    "invalid phone": ({"phone": "12345"}, ["phone"]),
    "unknown request type": ({"attribute[request_type]": "bribe"}, ["attribute[request_type]"]),
    "media_url not a url": ({"media_url": "javascript:alert(1)"}, ["media_url"]),
    "name too long": ({"first_name": "名" * 40, "last_name": "姓" * 30}, ["first_name/last_name"]),
    "several problems": (
        {"service_code": "", "description": "", "phone": "x", "long": ""},
        ["service_code", "long", "description", "phone"],
    ),
}


@pytest.mark.parametrize("changes, fields", INVALID.values(), ids=INVALID.keys())
def test_invalid_requests_are_400_with_one_error_per_problem_and_write_nothing(api, form, changes, fields):
    form.update(changes)
    with nothing_written():
        response = api.post(form)
    assert response.status_code == 400
    assert [error["description"].split(": ")[0] for error in response.json()] == fields


def test_invalid_request_in_xml(api, form):
    form.update(description="", phone="12")
    with nothing_written():
        response = api.post(form, fmt="xml")
    assert response.status_code == 400
    errors = parse_xml(response.content).findall("error")
    assert [e.find("code").text for e in errors] == ["400", "400"]
    assert [e.find("description").text.split(": ")[0] for e in errors] == ["description", "phone"]


def test_idempotency_key_that_cannot_fit_is_400(api, form):
    with nothing_written():
        response = api.post(form, idempotency_key="k" * 80)
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("Idempotency-Key: ")


def test_nul_characters_do_not_break_the_database(api, form):
    form.update(description="占道\x00经营", first_name="三\x00")
    assert api.post(form).status_code == 201
    assert Ticket.objects.get().content == "占道经营"


def test_a_body_that_is_not_a_form_is_refused_cleanly(api, form):
    response = api.client.post(
        "/open311/v2/requests.json", data=b'{"api_key": "x"}', content_type="application/json"
    )
    assert response.status_code == 403
    schemas.validate(response.json(), schemas.ERRORS)
    broken = api.client.post(
        "/open311/v2/requests.json", data=b"--x\r\nbroken", content_type="multipart/form-data; boundary=x"
    )
    assert broken.status_code in (400, 403)
    schemas.validate(broken.json(), schemas.ERRORS)
    assert Ticket.objects.count() == 0


def test_an_api_key_with_a_nul_character_is_not_the_key(api, form):
    form["api_key"] += "\x00"
    with nothing_written():
        assert api.post(form).status_code == 403
