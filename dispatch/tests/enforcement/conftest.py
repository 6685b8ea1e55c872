from types import SimpleNamespace

import pytest

from accounts.models import Role
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory


@pytest.fixture
def people(make_user):
    """A street and a department of one district, with who should and should not hear of them."""
    district = DistrictFactory()
    street = StreetFactory(parent=district)
    department = DepartmentFactory(parent=district)
    other_street = StreetFactory()  # in another district
    return SimpleNamespace(
        district=district,
        street=street,
        department=department,
        officials=[make_user(Role.STREET_OFFICIAL, unit=street) for _ in range(2)],
        department_staff=make_user(Role.DEPARTMENT_STAFF, unit=department),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        dispatchers=[make_user(Role.DISPATCHER) for _ in range(2)],
        operator=make_user(Role.OPERATOR),
        other_official=make_user(Role.STREET_OFFICIAL, unit=other_street),
        other_supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=other_street.parent),
        inactive_official=make_user(Role.STREET_OFFICIAL, unit=street, is_active=False),
    )
