"""Migration 0010 gives every existing clock the unit it counts for: its lead assignment's unit, none
for an assisting assignment's."""

from datetime import timedelta

import pytest
from django.utils import timezone

BEFORE = [("dispatch", "0009_clock_and_alert_without_redundant_fk_indexes")]
AFTER = [("dispatch", "0010_clock_assessed_unit")]


@pytest.mark.django_db(transaction=True)
def test_existing_clocks_name_their_lead_unit(migrate_to):
    from dispatch.tests.enforcement.factories import DeadlinePolicyFactory
    from hotline.tests.factories import TicketFactory
    from units.tests.factories import StreetFactory

    ticket, lead_unit, assisting_unit = TicketFactory(), StreetFactory(), StreetFactory()
    policy = DeadlinePolicyFactory()
    old = migrate_to(BEFORE)
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

    new = migrate_to(AFTER)

    clocks = new.get_model("dispatch", "Clock").objects.values_list("assignment__role", "assessed_unit_id")
    assert sorted(clocks, key=str) == sorted(
        [("assist", None), ("assist", None), ("lead", lead_unit.pk), ("lead", lead_unit.pk)], key=str
    )
