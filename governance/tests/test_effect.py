"""A task's effect: the tickets of its category (with its sub-categories) in its place in the N
weeks after it opened against the N weeks before, on hand-built tickets at known dates — in one
query; and a place given by address when the task names no street."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.figures import task_effect
from governance.models import ProactiveTask
from hotline.caller import address_key
from metrics.tests.test_analyses import local, make_tickets

pytestmark = pytest.mark.django_db
OPENED = local(2025, 6, 2, 9)  # a Monday morning


def test_before_and_after_counts_on_known_dates(g, task):
    w = g.w
    ProactiveTask.objects.filter(pk=task.pk).update(opened_at=OPENED)
    task.refresh_from_db()
    # 团结湖 parking: 5 in the four weeks before, 2 in the four weeks after.
    make_tickets(w.tuanjiehu, 2, at=OPENED - timedelta(days=27), category=w.parking)
    make_tickets(w.tuanjiehu, 3, at=OPENED - timedelta(minutes=1), category=w.parking)
    make_tickets(w.tuanjiehu, 1, at=OPENED, category=w.parking)  # the moment it opened counts after
    make_tickets(w.tuanjiehu, 1, at=OPENED + timedelta(days=27), category=w.parking)
    # Not counted: outside the eight weeks, another category, another street, not dispatched.
    make_tickets(w.tuanjiehu, 4, at=OPENED - timedelta(days=29), category=w.parking)
    make_tickets(w.tuanjiehu, 4, at=OPENED + timedelta(days=29), category=w.parking)
    make_tickets(w.tuanjiehu, 3, at=OPENED + timedelta(days=1), category=w.noise)
    make_tickets(w.maizidian, 3, at=OPENED + timedelta(days=1), category=w.parking)
    make_tickets(None, 3, at=OPENED + timedelta(days=1), category=w.parking)

    with CaptureQueriesContext(connection) as queries:
        effect = task_effect(task, weeks=4)
    assert len(queries) == 1
    assert (effect.before, effect.after, effect.change, effect.percent) == (5, 2, -3, -60)
    assert effect.complete

    wider = task_effect(task, weeks=5)
    assert (wider.before, wider.after) == (9, 6)


def test_a_level_two_category_counts_its_leaves_and_an_address_places_the_task(g, task):
    w = g.w
    ProactiveTask.objects.filter(pk=task.pk).update(
        opened_at=OPENED, street=None, address_key=address_key("朝阳区团结湖路1号"), category=w.parking.parent
    )
    task.refresh_from_db()
    make_tickets(
        w.maizidian, 2, at=OPENED - timedelta(days=3), category=w.parking, address="朝阳区团结湖路1号"
    )
    make_tickets(
        w.maizidian, 1, at=OPENED + timedelta(days=3), category=w.parking, address="朝阳区团结湖路1号"
    )
    make_tickets(
        w.maizidian, 5, at=OPENED + timedelta(days=3), category=w.parking, address="朝阳区麦子店街2号"
    )
    effect = task_effect(task, weeks=2, now=OPENED + timedelta(days=5))
    assert (effect.before, effect.after, effect.complete) == (2, 1, False)
