import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dispatch.models import Clock, ClockAlert, DeadlinePolicy
from hotline.models import Ticket
from notifications.models import Notification
from units.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_it_refuses_to_run_on_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_enforcement", "--clocks", "10", "--due", "1")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL only")
def test_a_small_benchmark_prints_the_plan_and_the_figures_then_cleans_up(capsys):
    units, policies = Unit.objects.count(), DeadlinePolicy.objects.count()

    call_command("benchmark_enforcement", "--clocks", "3000", "--due", "7")

    out = capsys.readouterr().out
    assert "Index Scan using clock_running_due_idx" in out
    assert "Index Scan using clock_running_warn_idx" in out
    assert "warnings=7 breaches=7" in out and "rerun_alerts=0" in out
    assert "overdue_assignments=7" in out
    assert not Clock.objects.exists() and not ClockAlert.objects.exists()
    assert not Ticket.objects.exists() and not Notification.objects.exists()
    assert DeadlinePolicy.objects.count() == policies and Unit.objects.count() == units
