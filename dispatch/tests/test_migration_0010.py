"""Migration 0010 gives every existing clock the unit it counts for: its lead assignment's unit, none
for an assisting assignment's."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("dispatch", "0009_clock_and_alert_without_redundant_fk_indexes")]
AFTER = [("dispatch", "0010_clock_assessed_unit")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def back_to_the_latest_schema():
    """Going back to 0009 also unapplies what depends on later migrations: every later test needs
    the whole schema again."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("back_to_the_latest_schema")
def test_existing_clocks_name_their_lead_unit():
    from dispatch.tests.enforcement.factories import DeadlinePolicyFactory
    from hotline.tests.factories import TicketFactory
    from units.tests.factories import StreetFactory

    ticket, lead_unit, assisting_unit = TicketFactory(), StreetFactory(), StreetFactory()
    policy = DeadlinePolicyFactory()
    old = _migrate(BEFORE)
    Assignment, Clock = old.get_model("dispatch", "Assignment"), old.get_model("dispatch", "Clock")
    now = timezone.now()
    for unit, role in ((lead_unit, "lead"), (assisting_unit, "assist")):
        assignment = Assignment.objects.create(ticket_id=ticket.pk, unit_id=unit.pk, role=role)
        for kind in ("sign", "reply"):
            Clock.objects.create(
                assignment=assignment,
                kind=kind,
                policy_id=policy.pk,
                started_at=now,
                due_at=now + timedelta(days=1),
                warn_at=now + timedelta(hours=18),
            )

    new = _migrate(AFTER)

    clocks = new.get_model("dispatch", "Clock").objects.values_list("assignment__role", "assessed_unit_id")
    assert sorted(clocks, key=str) == sorted(
        [("assist", None), ("assist", None), ("lead", lead_unit.pk), ("lead", lead_unit.pk)], key=str
    )
