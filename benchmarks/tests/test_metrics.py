"""Acceptance 4, small: the benchmark command runs on PostgreSQL only, prints the timings, the
snapshot's totals and the plans, and leaves nothing behind but the divisions it loaded."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from accounts.models import User
from dispatch.models import Assignment, Clock, DeadlinePolicy, UnitRequest
from hotline.models import Category, RequestType, Ticket, TicketEvent
from metrics.models import Exclusion, RankingRow, RankingSnapshot, ScopeEvent
from units.models import Unit

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the benchmark runs on PostgreSQL only"
)
TICKETS = 3000


@pytest.mark.skipif(connection.vendor == "postgresql", reason="the refusal is for other databases")
def test_it_refuses_to_run_on_sqlite():
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("benchmark_metrics", "--tickets", "10", "--month", "2025-03")


@on_postgresql
def test_it_refuses_a_month_that_is_not_over():
    with pytest.raises(CommandError, match="not over"):
        call_command("benchmark_metrics", "--tickets", "10", "--month", f"{timezone.localdate():%Y-%m}")


@on_postgresql
def test_a_small_benchmark_prints_the_figures_and_the_plans_then_cleans_up(capsys):
    before = {model: model.objects.count() for model in (User, DeadlinePolicy, Category, RequestType)}

    call_command("benchmark_metrics", "--tickets", str(TICKETS), "--month", "2025-03", "--reads", "5")

    out = capsys.readouterr().out
    summary = dict(pair.split("=") for pair in out.strip().splitlines()[-1].split())
    assert (summary["tickets"], summary["streets"]) == (str(TICKETS), "349")
    assert float(summary["compute_seconds"]) > 0 and float(summary["freeze_seconds"]) > 0
    assert float(summary["snapshot_read_ms_median"]) > 0
    # The month's contact deadlines, less the returned, the excluded and those falling due in April.
    due, met = int(summary["response_due"]), int(summary["response_met"])
    assert 0.9 * TICKETS < due < TICKETS and 0.8 * due < met < due
    valid = int(summary["valid_callbacks"])
    assert 0.5 * TICKETS < valid < TICKETS and int(summary["solved"]) + int(summary["partly"]) < valid
    # Reply deadlines fall ten days after dispatch: about two thirds of the month's orders (and some
    # redo cycles). Replied late (5 %) or never (2 %), and not called back in March: not replied.
    reply_due, not_replied = int(summary["reply_due"]), int(summary["not_replied"])
    assert 0.5 * TICKETS < reply_due < 0.9 * TICKETS and 0.02 * TICKETS < not_replied < 0.1 * TICKETS
    assert int(summary["reply_met"]) < reply_due
    misdispatches, returns = int(summary["misdispatches"]), int(summary["returns"])
    assert 0 < misdispatches <= returns < 0.05 * TICKETS
    assert "no streets in the database: loading the shipped divisions" in out
    assert "plan of the computation's aggregate over dispatch_clock" in out
    assert "plan of the computation's aggregate over hotline_ticketevent" in out
    assert "plan of the dashboard's read of metrics_rankingrow" in out
    assert "plan of the computation's aggregate over units_unit" in out  # the kind's unit ids
    assert "plan of the computation's aggregate over dispatch_unitrequest" in out
    assert "plan of the computation's aggregate over dispatch_deadlinepolicy" in out  # the sign-for window
    # The computation's seven statements (units, policies, deadlines, responded, not replied,
    # callbacks, returns) and the dashboard's two reads.
    assert out.count("Execution Time:") == 9 and "Buffers: shared hit=" in out

    models = (
        Ticket,
        Assignment,
        Clock,
        TicketEvent,
        UnitRequest,
        Exclusion,
        ScopeEvent,
        RankingSnapshot,
        RankingRow,
    )
    for model in models:
        assert not model.objects.exists(), model
    assert {model: model.objects.count() for model in before} == before
    assert Unit.objects.filter(kind=Unit.Kind.STREET).count() == 349
    assert "kept: the divisions loaded for the run" in out
