"""The sweep's query can be served by its partial index (PostgreSQL), so its cost is what is due,
not every order ever issued. ``enable_seqscan = off`` proves the filter matches the index's
condition, which is the intent under test."""

from datetime import timedelta

import pytest
from django.db import connection, transaction

from supervision.enforcement import orders_past
from supervision.services import supervision_issue

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's; SQLite has no partial-index plan to check",
    ),
]


def test_the_sweep_query_can_be_served_by_its_partial_index(s):
    order = supervision_issue(actor=s.people.dispatcher, unit=s.street, subject="积水", reason="多次来电")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = orders_past(order.deadline + timedelta(minutes=1))[:500].explain()
    assert "supervision_unflagged_idx" in plan
