import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Ticket, TicketEvent


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
