"""Exclusions and appeals: who may, what each step leaves behind, and that a double click acts once."""

from datetime import datetime
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import Role
from metrics import services
from metrics.models import Appeal, Exclusion, ScopeEvent
from metrics.tests.factories import order
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

DUE = datetime(2025, 3, 10, 10, tzinfo=ZoneInfo("Asia/Shanghai"))


@pytest.fixture
def scene(make_user):
    district = DistrictFactory()
    street, other_street = StreetFactory(parent=district), StreetFactory(parent=district)
    department = DepartmentFactory(parent=district)
    lead = order(street, due=DUE)
    return SimpleNamespace(
        lead=lead,
        assist=order(department, due=DUE, role="assist", ticket=lead.ticket),
        street=street,
        official=make_user(Role.STREET_OFFICIAL, unit=street),
        other_official=make_user(Role.STREET_OFFICIAL, unit=other_street),
        department_staff=make_user(Role.DEPARTMENT_STAFF, unit=department),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        dispatcher=make_user(Role.DISPATCHER),
        administrator=make_user(Role.ADMINISTRATOR),
        operator=make_user(Role.OPERATOR),
        leader=make_user(Role.LEADER),
    )


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("dispatcher", True),
        ("administrator", True),
        ("operator", False),
        ("official", False),
        ("supervisor", False),
        ("leader", False),
    ],
)
def test_who_may_exclude(scene, who, allowed):
    actor = getattr(scene, who)
    if allowed:
        exclusion = services.exclusion_add(
            assignment=scene.lead, actor=actor, reason="legal_channel", note="诉讼中"
        )
        assert (exclusion.reason, exclusion.excluded_by) == ("legal_channel", actor)
        assert list(ScopeEvent.objects.values_list("action", "reason", "note", "actor")) == [
            ("excluded", "legal_channel", "诉讼中", actor.pk)
        ]
    else:
        with pytest.raises(PermissionDenied):
            services.exclusion_add(assignment=scene.lead, actor=actor, reason="legal_channel")
        assert not Exclusion.objects.exists() and not ScopeEvent.objects.exists()


def test_an_exclusion_needs_a_reason_code_a_lead_order_and_happens_once(scene):
    with pytest.raises(ValidationError):
        services.exclusion_add(assignment=scene.lead, actor=scene.dispatcher, reason="because")
    with pytest.raises(ValidationError):
        services.exclusion_add(assignment=scene.assist, actor=scene.dispatcher, reason="repeat")
    services.exclusion_add(assignment=scene.lead, actor=scene.dispatcher, reason="repeat")
    with pytest.raises(ValidationError):
        services.exclusion_add(assignment=scene.lead, actor=scene.administrator, reason="repeat")
    assert Exclusion.objects.count() == ScopeEvent.objects.count() == 1


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("official", True),
        ("other_official", False),
        ("department_staff", False),
        ("supervisor", False),
        ("dispatcher", False),
        ("administrator", False),
    ],
)
def test_a_unit_appeals_only_its_own_orders(scene, who, allowed):
    actor = getattr(scene, who)
    if allowed:
        appeal = services.appeal_file(
            assignment=scene.lead, actor=actor, reason="outside_duties", evidence="职责清单"
        )
        assert (appeal.unit, appeal.decision, appeal.filed_by) == (scene.street, "pending", actor)
    else:
        with pytest.raises(PermissionDenied):
            services.appeal_file(assignment=scene.lead, actor=actor, reason="outside_duties", evidence="x")
        assert not Appeal.objects.exists()


def test_an_appeal_needs_evidence_and_one_waits_at_a_time(scene):
    with pytest.raises(ValidationError):
        services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="  ")
    services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="同一诉求")
    with pytest.raises(ValidationError):
        services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="again")
    assert Appeal.objects.count() == 1


def test_an_excluded_order_cannot_be_appealed(scene):
    services.exclusion_add(assignment=scene.lead, actor=scene.dispatcher, reason="repeat")
    with pytest.raises(ValidationError):
        services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="x")


@pytest.mark.parametrize("who", ["official", "operator", "supervisor", "leader"])
def test_only_the_hotline_decides_an_appeal(scene, who):
    appeal = services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="x")
    with pytest.raises(PermissionDenied):
        services.appeal_decide(appeal=appeal, actor=getattr(scene, who), accept=True, reason="ok")
    appeal.refresh_from_db()
    assert appeal.decision == "pending" and not Exclusion.objects.exists()


def test_an_accepted_appeal_excludes_the_order_on_its_ground_and_everything_is_logged(scene):
    appeal = services.appeal_file(
        assignment=scene.lead, actor=scene.official, reason="outside_duties", evidence="属供热公司职责"
    )
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=appeal, actor=scene.dispatcher, accept=True, reason=" ")
    decided = services.appeal_decide(appeal=appeal, actor=scene.dispatcher, accept=True, reason="核实属实")
    assert (decided.decision, decided.decided_by, decided.decision_reason) == (
        "accepted",
        scene.dispatcher,
        "核实属实",
    )
    exclusion = Exclusion.objects.get(assignment=scene.lead)
    assert (exclusion.reason, exclusion.appeal, exclusion.excluded_by) == (
        "outside_duties",
        appeal,
        scene.dispatcher,
    )
    # Deciding twice (a double click, a second dispatcher) decides once.
    with pytest.raises(ValidationError):
        services.appeal_decide(appeal=appeal, actor=scene.administrator, accept=False, reason="不对")
    assert list(scene.lead.scope_events.values_list("action", "actor")) == [
        ("appeal_filed", scene.official.pk),
        ("appeal_accepted", scene.dispatcher.pk),
    ]


def test_a_rejected_appeal_leaves_the_order_in_scope_and_may_be_filed_again(scene):
    appeal = services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="x")
    services.appeal_decide(appeal=appeal, actor=scene.administrator, accept=False, reason="不是重复")
    assert not Exclusion.objects.exists()
    services.appeal_file(
        assignment=scene.lead, actor=scene.official, reason="unreasonable", evidence="新证据"
    )
    assert list(scene.lead.scope_events.values_list("action", flat=True)) == [
        "appeal_filed",
        "appeal_rejected",
        "appeal_filed",
    ]


def test_accepting_an_appeal_on_an_order_excluded_meanwhile_keeps_the_exclusion(scene):
    appeal = services.appeal_file(assignment=scene.lead, actor=scene.official, reason="repeat", evidence="x")
    services.exclusion_add(assignment=scene.lead, actor=scene.dispatcher, reason="legal_channel")
    services.appeal_decide(appeal=appeal, actor=scene.dispatcher, accept=True, reason="同意")
    assert Exclusion.objects.get().reason == "legal_channel"
    assert scene.lead.scope_events.count() == 3


def test_scope_events_are_immutable(scene):
    services.exclusion_add(assignment=scene.lead, actor=scene.dispatcher, reason="repeat")
    event = ScopeEvent.objects.get()
    event.note = "changed"
    with pytest.raises(ValueError, match="immutable"):
        event.save()
    with pytest.raises(ValueError, match="immutable"):
        event.delete()
