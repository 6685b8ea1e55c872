"""Acceptance 2: a frozen month does not move when its tickets change later; an administrator's
recompute adds version 2 with its reason and version 1 stays readable; the monthly task run twice
makes one version 1 and catches up on any kind that is missing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from dispatch.models import Clock
from metrics import services
from metrics.models import RankingRow, RankingSnapshot
from metrics.periods import last_month, month_bounds, month_of
from metrics.ranking import ranking_compute
from metrics.selectors import snapshot_in_force, snapshot_rows, snapshot_versions
from metrics.tasks import freeze_last_month
from metrics.tests.factories import ScoringSchemeFactory, callback_record, order
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

FIGURES = ["unit_id", "response_rate", "resolution_rate", "satisfaction_rate", "composite", "rank"]


@pytest.fixture
def month(make_user):
    """Last month (as the task sees it): street A with six perfect orders, street B with six of
    which three answered "not solved, dissatisfied"."""
    month = last_month()
    start, _end = month_bounds(month)
    ScoringSchemeFactory(unit_kind="street", effective_from=month)
    district = DistrictFactory()
    a_street, b_street = StreetFactory(parent=district), StreetFactory(parent=district)
    due, call = start + timedelta(days=5), start + timedelta(days=7)
    a_orders = [order(a_street, due=due, callbacks=((call, "solved", "satisfied"),)) for _ in range(6)]
    for answer in [("solved", "satisfied")] * 3 + [("not_solved", "dissatisfied")] * 3:
        order(b_street, due=due, callbacks=((call, *answer),))
    return {
        "month": month,
        "a": a_street,
        "b": b_street,
        "a_orders": a_orders,
        "call": call,
        "admin": make_user(Role.ADMINISTRATOR),
        "dispatcher": make_user(Role.DISPATCHER),
    }


def figures(snapshot):
    return list(snapshot_rows(snapshot).values_list(*FIGURES))


def test_a_frozen_month_does_not_move_and_a_recompute_adds_version_2(month):
    first = freeze_last_month()
    assert first["street"] == "frozen"
    v1 = snapshot_in_force(month=month["month"], unit_kind="street")
    frozen = figures(v1)
    assert frozen[0][0] == month["a"].pk and frozen[0][4] == Decimal("1.000000")

    # Later changes to last month's orders: a redo answered "dissatisfied" later in the month,
    # a contact clock corrected to missed, an order excluded.
    one, two, three = month["a_orders"][:3]
    callback_record(
        one, at=month["call"] + timedelta(days=2), solved="not_solved", satisfaction="dissatisfied"
    )
    Clock.objects.filter(assignment=two, kind="contact").update(result="missed")
    services.exclusion_add(assignment=three, actor=month["dispatcher"], reason="repeat")
    live = ranking_compute(month=month["month"], unit_kind="street")
    assert live.ranked[0].composite != Decimal("1.000000")

    assert figures(snapshot_in_force(month=month["month"], unit_kind="street")) == frozen
    assert freeze_last_month()["street"] == "already frozen"
    assert figures(v1) == frozen

    v2 = services.snapshot_recompute(
        month=month["month"], unit_kind="street", reason="补录回访结果", actor=month["admin"]
    )
    assert (v2.version, v2.reason, v2.created_by) == (2, "补录回访结果", month["admin"])
    assert snapshot_in_force(month=month["month"], unit_kind="street") == v2
    assert [s.version for s in snapshot_versions(month=month["month"], unit_kind="street")] == [2, 1]
    # A: 5 orders in scope; response 4/5; resolution and satisfaction 4/5 → composite 0.8.
    a_row = v2.rows.get(unit=month["a"])
    assert (a_row.response_rate, a_row.resolution_rate, a_row.satisfaction_rate, a_row.composite) == (
        Decimal("0.800000"),
        Decimal("0.800000"),
        Decimal("0.800000"),
        Decimal("0.800000"),
    )
    assert figures(RankingSnapshot.objects.get(pk=v1.pk)) == frozen


def test_the_task_run_twice_makes_one_version_1_and_catches_up(month):
    services.snapshot_freeze(month=month["month"], unit_kind="street")
    done = freeze_last_month()
    # Every kind has a scheme (the example ones from the data migration): the missing ones are made.
    assert done == {
        "district": "frozen",
        "street": "already frozen",
        "department": "frozen",
        "enterprise": "frozen",
    }
    freeze_last_month()
    versions = RankingSnapshot.objects.filter(month=month["month"]).values_list("unit_kind", "version")
    assert sorted(versions) == [("department", 1), ("district", 1), ("enterprise", 1), ("street", 1)]
    snapshot = snapshot_in_force(month=month["month"], unit_kind="street")
    assert snapshot.rows.count() == 2 and snapshot.created_by is None and snapshot.reason == ""
    assert snapshot.scheme_terms["min_assessed"] == "5"


def test_a_snapshot_cannot_be_changed(month):
    snapshot, created = services.snapshot_freeze(month=month["month"], unit_kind="street")
    assert created
    row = snapshot.rows.first()
    row.rank = 99
    with pytest.raises(ValueError, match="frozen"):
        row.save()
    with pytest.raises(ValueError, match="frozen"):
        snapshot.delete()
    assert RankingRow.objects.get(pk=row.pk).rank == 1


def test_only_an_administrator_recomputes_and_says_why(month):
    with pytest.raises(PermissionDenied):
        services.snapshot_recompute(
            month=month["month"], unit_kind="street", reason="x", actor=month["dispatcher"]
        )
    with pytest.raises(ValidationError):
        services.snapshot_recompute(
            month=month["month"], unit_kind="street", reason=" ", actor=month["admin"]
        )
    assert not RankingSnapshot.objects.exists()


def test_a_month_is_frozen_only_once_it_is_over(month):
    this_month = month_of(month_bounds(month["month"])[1].date())
    with pytest.raises(ValidationError):
        services.snapshot_freeze(month=this_month, unit_kind="street")
    with pytest.raises(ValidationError):
        services.snapshot_recompute(month=this_month, unit_kind="street", reason="早了", actor=month["admin"])
