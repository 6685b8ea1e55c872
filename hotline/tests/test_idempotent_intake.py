import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Attachment, Ticket, TicketEvent

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def call(call_fields):
    return call_fields


def test_same_key_twice_makes_one_ticket(make_user, call):
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))
    first = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    second = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["number"] == second.json()["number"]
    assert Ticket.objects.count() == 1 and TicketEvent.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_posts_with_one_key_make_one_ticket(make_user, call):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; CI runs this on PostgreSQL")
    operator = make_user(Role.OPERATOR)
    barrier = threading.Barrier(10)
    results = []

    def post():
        api = APIClient()
        api.force_authenticate(operator)
        barrier.wait()
        try:
            response = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="same-key")
            results.append((response.status_code, response.json()["number"]))
        finally:
            connection.close()

    threads = [threading.Thread(target=post) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(code for code, _ in results) == [200] * 9 + [201]
    assert len({number for _, number in results}) == 1
    assert Ticket.objects.count() == 1 and TicketEvent.objects.count() == 1


def _operator_api(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_a_retry_with_the_same_content_differently_written_gets_the_first_ticket(make_user, call):
    api = _operator_api(make_user(Role.OPERATOR))
    first = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    retry = {**dict(reversed(list(call.items()))), "caller_phone": "138 1234 5678", "content": " 路灯不亮 "}
    second = api.post("/api/v1/tickets/", retry, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["number"] == second.json()["number"]


def test_the_same_key_with_other_content_is_422_and_writes_nothing(make_user, call):
    api = _operator_api(make_user(Role.OPERATOR))
    first = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc")
    other = api.post(
        "/api/v1/tickets/", {**call, "content": "井盖丢了"}, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert (first.status_code, other.status_code) == (201, 422)
    error = other.json()["error"]
    assert (error["status"], error["code"]) == (422, "idempotency_key_reused")
    assert "Idempotency-Key 已用于内容不同的请求" in error["message"]
    assert Ticket.objects.count() == 1 and TicketEvent.objects.count() == 1
    assert Ticket.objects.get().content == "路灯不亮"


def test_another_user_with_the_same_key_gets_their_own_ticket(make_user, call):
    first = _operator_api(make_user(Role.OPERATOR)).post(
        "/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    second = _operator_api(make_user(Role.OPERATOR)).post(
        "/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="abc"
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["number"] != second.json()["number"]
    assert Ticket.objects.count() == 2


def test_attachments_are_part_of_the_content(make_user, call):
    api = _operator_api(make_user(Role.OPERATOR))

    def post(image: bytes):
        upload = SimpleUploadedFile("photo.png", image, content_type="image/png")
        return api.post(
            "/api/v1/tickets/", {**call, "attachments": [upload]}, HTTP_IDEMPOTENCY_KEY="with-photo"
        )

    assert post(PNG + b"a").status_code == 201
    assert post(PNG + b"a").status_code == 200
    assert post(PNG + b"b").status_code == 422
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as stored:
        assert stored.read() == PNG + b"a"  # hashing the upload left it whole


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_one_key_and_two_contents(make_user, call):
    """Racing requests: one files the ticket; those with its content get it (200), the others 422."""
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; CI runs this on PostgreSQL")
    operator = make_user(Role.OPERATOR)
    barrier = threading.Barrier(8)
    results = []

    def post(content):
        api = _operator_api(operator)
        barrier.wait()
        try:
            response = api.post(
                "/api/v1/tickets/", {**call, "content": content}, format="json", HTTP_IDEMPOTENCY_KEY="race"
            )
            results.append((content, response.status_code))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(content,)) for content in ["甲", "乙"] * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winner = Ticket.objects.get().content
    assert sorted(code for content, code in results if content == winner) == [200, 200, 200, 201]
    assert [code for content, code in results if content != winner] == [422] * 4
    assert TicketEvent.objects.count() == 1
