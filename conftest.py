"""Fixtures shared by every app's tests."""

import pytest

from accounts.models import Role
from accounts.tests.factories import MembershipFactory, UserFactory
from units.models import Unit
from units.tests.factories import (
    CommunityFactory,
    DepartmentFactory,
    DistrictFactory,
    HotlineFactory,
    StreetFactory,
)

ROLE_UNIT_FACTORIES = {
    Role.OPERATOR: HotlineFactory,
    Role.DISPATCHER: HotlineFactory,
    Role.STREET_OFFICIAL: StreetFactory,
    Role.DISTRICT_SUPERVISOR: DistrictFactory,
    Role.DEPARTMENT_STAFF: DepartmentFactory,
    Role.LEADER: lambda: Unit.objects.get_or_create(
        code="110000", defaults={"name": "北京市", "kind": "city"}
    )[0],
    Role.ADMINISTRATOR: HotlineFactory,
    Role.SUB_UNIT_STAFF: CommunityFactory,
    Role.GRID_WORKER: CommunityFactory,
}


@pytest.fixture
def make_user(db):
    """``make_user(Role.OPERATOR)`` → a user holding that role in a fresh unit of the right kind;
    ``make_user(Role.STREET_OFFICIAL, unit=street)`` for a given unit; ``make_user()`` for no role."""

    def make(role: Role | None = None, *, unit: Unit | None = None, **user_fields):
        user = UserFactory(**user_fields)
        if role is not None:
            MembershipFactory(user=user, role=role, unit=unit or ROLE_UNIT_FACTORIES[role]())
        return user

    return make


@pytest.fixture
def fresh_routing():
    """The router keeps its gazetteer and boundary index per process; data a previous test rolled
    back must not linger in them. Dropping this process's copies makes the next use rebuild."""
    from dispatch.routing import coordinates, gazetteer

    gazetteer._copy.forget()
    coordinates._copy.forget()


@pytest.fixture(autouse=True)
def _fresh_reference_copies():
    """Intake keeps request types, categories and SMS wording per process, routing its rules,
    responsibility list, deadline policies and calendar days, notices the unit tree; rows a previous
    test rolled back (no signal says so) must not linger in them."""
    from dispatch.deadlines.reference import deadline_reference_forget
    from dispatch.routing.reference import routing_reference_forget
    from hotline.selectors.reference import intake_reference_forget
    from sms.selectors import sms_templates_forget
    from units.tree import unit_tree_forget

    unit_tree_forget()
    intake_reference_forget()
    routing_reference_forget()
    deadline_reference_forget()
    sms_templates_forget()


@pytest.fixture(autouse=True)
def _sms_default_templates(request):
    """The SMS templates ship as data in a migration; a transactional test's flush deletes them, so
    every later transactional test (the browser tests, the concurrent-send test) would send no SMS
    at all. Put the shipped wording back before each one, as the migration does."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("transaction"):
        return
    request.getfixturevalue("transactional_db")
    from importlib import import_module

    from django.apps import apps

    import_module("sms.migrations.0002_default_templates").add_defaults(apps, None)


@pytest.fixture
def migrate_to():
    """``migrate_to([("app", "0007_…")])`` → the historical apps at those migrations (for a data
    migration's test). Migrating back also unapplies what depends on later migrations, so the whole
    schema is migrated forward again after the test."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)
        return executor.loader.project_state(targets).apps

    yield migrate
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
