"""Writing notices: once per user and key, to the right people."""

from collections import defaultdict

import pytest

from accounts.models import Role
from notifications.events import Subject
from notifications.models import Notification
from notifications.services import notification_mark_read, notify_event, notify_users
from units.models import Unit
from units.tests.factories import CityFactory, DepartmentFactory, DistrictFactory, StreetFactory, UnitFactory

pytestmark = pytest.mark.django_db


def received(key="k"):
    return sorted(Notification.objects.filter(dedupe_key=key).values_list("user_id", flat=True))


def ids(*users):
    return sorted(user.pk for user in users)


def about(key="k", **units):
    return Subject(dedupe_key=key, values=defaultdict(str), **units)


def test_the_same_notice_reaches_each_user_once(make_user):
    a, b = make_user(), make_user()
    notify_users(users=[a, b.pk, a], kind="test", text="一", dedupe_key="k")
    notify_users(users=[a, b], kind="test", text="二", dedupe_key="k")

    assert received() == ids(a, b)
    assert set(Notification.objects.values_list("text", flat=True)) == {"一"}


def test_a_long_text_is_cut_to_the_column(make_user):
    notify_users(users=[make_user()], kind="test", text="长" * 400, dedupe_key="k")
    assert len(Notification.objects.get().text) == 300


def test_unit_members_are_the_active_people_of_that_unit(make_user):
    street = StreetFactory()
    members = [make_user(Role.STREET_OFFICIAL, unit=street) for _ in range(2)]
    make_user(Role.STREET_OFFICIAL, unit=street, is_active=False)
    make_user(Role.STREET_OFFICIAL)  # another street

    notify_event("dispatched", about(unit_id=street.pk))

    assert received() == ids(*members)


def test_a_role_reaches_everyone_holding_it(make_user):
    dispatchers = [make_user(Role.DISPATCHER) for _ in range(3)]
    make_user(Role.OPERATOR)

    notify_event("replied", about(unit_id=StreetFactory().pk))

    assert received() == ids(*dispatchers)


def test_district_supervisors_of_a_street_a_department_a_community_and_the_district(make_user):
    district = DistrictFactory()
    supervisor = make_user(Role.DISTRICT_SUPERVISOR, unit=district)
    make_user(Role.DISTRICT_SUPERVISOR)  # another district
    street = StreetFactory(parent=district)
    community = UnitFactory(kind=Unit.Kind.COMMUNITY, parent=street)
    units = [street, DepartmentFactory(parent=district), community, district]

    for n, unit in enumerate(units):
        notify_event("escalated", about(f"k{n}", unit_id=unit.pk))

    assert [received(f"k{n}") for n in range(len(units))] == [ids(supervisor)] * len(units)


def test_a_city_level_unit_has_no_district_supervisor(make_user):
    make_user(Role.DISTRICT_SUPERVISOR)
    notify_event("escalated", about(unit_id=CityFactory().pk))
    assert received() == []


def test_mark_read_some_or_all_and_only_ones_own(make_user):
    me, other = make_user(), make_user()
    for key in ("a", "b", "c"):
        notify_users(users=[me, other], kind="test", text=key, dedupe_key=key)
    mine = dict(Notification.objects.filter(user=me).values_list("dedupe_key", "pk"))
    theirs = Notification.objects.get(user=other, dedupe_key="a")

    assert notification_mark_read(user=me, ids=[mine["a"], theirs.pk]) == 1
    assert notification_mark_read(user=me, ids=[mine["a"]]) == 0
    assert notification_mark_read(user=me) == 2
    assert not Notification.objects.filter(user=me, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).count() == 3


def test_unit_people_answers_as_the_two_separate_questions(make_user, django_assert_num_queries):
    from notifications.recipients import district_supervisor_ids, unit_member_ids, unit_people_ids

    district = DistrictFactory()
    supervisors = [make_user(Role.DISTRICT_SUPERVISOR, unit=district) for _ in range(2)]
    make_user(Role.DISTRICT_SUPERVISOR, unit=district, is_active=False)
    make_user(Role.DISTRICT_SUPERVISOR)  # another district
    street = StreetFactory(parent=district)
    officials = [make_user(Role.STREET_OFFICIAL, unit=street) for _ in range(2)]
    department = DepartmentFactory(parent=district)
    staff = make_user(Role.DEPARTMENT_STAFF, unit=department)
    unit_ids = [street.pk, department.pk, district.pk, CityFactory().pk]
    unit_people_ids(unit_ids)  # the unit tree's copy is built (units.tree)

    with django_assert_num_queries(1):  # the memberships; the districts from the copy
        members, copied = unit_people_ids(unit_ids)

    assert members == unit_member_ids(unit_ids)
    assert copied == district_supervisor_ids(unit_ids)
    assert members[street.pk] == {user.pk for user in officials} and members[department.pk] == {staff.pk}
    assert (
        copied[street.pk] == copied[department.pk] == copied[district.pk] == {user.pk for user in supervisors}
    )
