"""A district with a street and a department, another district with a street, a city-level
department, and the people who issue, answer and decide supervision orders."""

from types import SimpleNamespace

import pytest

from accounts.models import Role
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory, UnitFactory


@pytest.fixture
def s(make_user, db):
    district, far_district = DistrictFactory(), DistrictFactory()
    street, far_street = StreetFactory(parent=district), StreetFactory(parent=far_district)
    department = DepartmentFactory(parent=district)
    city_department = UnitFactory(kind="department", parent=district.parent)
    people = SimpleNamespace(
        dispatcher=make_user(Role.DISPATCHER),
        operator=make_user(Role.OPERATOR),
        admin=make_user(Role.ADMINISTRATOR),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        far_supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=far_district),
        city_leader=make_user(Role.LEADER),
        district_leader=make_user(Role.LEADER, unit=district),
        official=make_user(Role.STREET_OFFICIAL, unit=street),
        far_official=make_user(Role.STREET_OFFICIAL, unit=far_street),
        staff=make_user(Role.DEPARTMENT_STAFF, unit=department),
        no_role=make_user(),
    )
    return SimpleNamespace(
        district=district,
        far_district=far_district,
        street=street,
        far_street=far_street,
        department=department,
        city_department=city_department,
        people=people,
    )
