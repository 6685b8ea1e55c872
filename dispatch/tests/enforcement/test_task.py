"""The beat task: a sweep that runs twice with one effect, and steps aside while another run goes."""

from datetime import timedelta

import pytest
from celery import current_app
from django.core.cache import cache
from django.utils import timezone

from dispatch.enforcement.tasks import LOCK_KEY, enforce_deadlines
from dispatch.models import ClockAlert
from dispatch.tests.enforcement.factories import ClockFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_lock():
    cache.delete(LOCK_KEY)
    yield
    cache.delete(LOCK_KEY)


@pytest.fixture
def overdue():
    now = timezone.now()
    return ClockFactory(due_at=now - timedelta(minutes=5), warn_at=now - timedelta(hours=1))


def test_the_task_has_the_name_beat_uses():
    assert enforce_deadlines.name == "dispatch.enforce_deadlines"
    assert current_app.tasks["dispatch.enforce_deadlines"].name == enforce_deadlines.name


def test_run_twice_it_records_one_warning_and_one_breach(overdue):
    first = enforce_deadlines.delay().get()
    second = enforce_deadlines.delay().get()

    assert (first["warnings"], first["breaches"]) == (1, 1)
    assert (second["warnings"], second["breaches"]) == (0, 0)
    assert sorted(ClockAlert.objects.values_list("kind", flat=True)) == ["breach", "warning"]
    assert cache.get(LOCK_KEY) is None


def test_it_skips_while_another_run_holds_the_lock(overdue):
    cache.add(LOCK_KEY, "another run", timeout=60)

    assert enforce_deadlines() == {"skipped": True}
    assert not ClockAlert.objects.exists()
    assert cache.get(LOCK_KEY) == "another run"
