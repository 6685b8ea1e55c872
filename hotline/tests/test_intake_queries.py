"""What one intake through the ticket API costs in queries: a fixed number, so that it cannot
creep back up (issue 13). Reference data comes from the process's copy, the number from one
statement, and the answer from what was written."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import Role
from hotline.models import Ticket

# The counter (1), the ticket, its event, the routing outbox row and the SMS receipt (4), and the
# savepoint pair of the intake's transaction, nested in the test's own (2).
INTAKE_QUERIES = 7


def test_one_intake_costs_a_fixed_number_of_queries(make_user, call_fields):
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))
    first = api.post("/api/v1/tickets/", call_fields, format="json", HTTP_IDEMPOTENCY_KEY="warm-up")
    assert first.status_code == 201  # builds the process's copies of the reference data

    with CaptureQueriesContext(connection) as captured:
        response = api.post("/api/v1/tickets/", call_fields, format="json", HTTP_IDEMPOTENCY_KEY="counted")

    assert response.status_code == 201, response.content
    sql = "\n".join(query["sql"] for query in captured.captured_queries)
    assert len(captured.captured_queries) == INTAKE_QUERIES, sql
    ticket = Ticket.objects.get(pk=response.json()["id"])
    assert response.json()["number"] == ticket.number
    assert [event["action"] for event in response.json()["events"]] == ["receive"]
    assert ticket.sms_messages.count() == 1  # the receipt, from the cached wording


def test_the_answer_built_from_what_was_written_is_the_ticket_as_read_back(make_user, call_fields):
    api = APIClient()
    api.force_authenticate(make_user(Role.OPERATOR))
    call = {**call_fields, "tags": ["每月一题"], "address": "朝阳区三里屯路19号"}
    created = api.post("/api/v1/tickets/", call, format="json", HTTP_IDEMPOTENCY_KEY="k")
    assert created.status_code == 201
    assert created.json() == api.get(f"/api/v1/tickets/{created.json()['id']}/").json()
