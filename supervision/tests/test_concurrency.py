"""Supervision sweeps at once, each on its own database connection (PostgreSQL): every overdue order
is flagged once and escalated once, whichever worker takes it."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from supervision.enforcement import supervision_enforce
from supervision.models import SupervisionEvent, SupervisionOrder
from supervision.services import supervision_issue
from tests.threads import run_at_once

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL: the workers split batches with row locks (FOR UPDATE SKIP LOCKED); "
        "SQLite lets one writer in at a time, so there is no concurrency to test",
    ),
]


def test_concurrent_runs_double_nothing(s):
    now = timezone.now()
    orders = [
        supervision_issue(actor=s.people.dispatcher, unit=s.street, subject=f"积水{n}", reason="多次来电")
        for n in range(30)
    ]
    SupervisionOrder.objects.filter(pk__in=[o.pk for o in orders]).update(deadline=now - timedelta(hours=1))

    reports = run_at_once(lambda: supervision_enforce(now=now, batch_size=4), 4)
    reports.append(supervision_enforce(now=now, batch_size=4))

    assert sum(r.flagged for r in reports) == sum(r.escalated for r in reports) == 30
    assert SupervisionEvent.objects.filter(action="flag").count() == 30
    assert SupervisionEvent.objects.filter(action="escalate").count() == 30
    assert SupervisionOrder.objects.filter(escalated_from__in=orders).count() == 30
    assert sum(1 for r in reports[:-1] if r.flagged) > 1, "the work was split"
