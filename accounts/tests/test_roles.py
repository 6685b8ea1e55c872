import pytest
from django.core.exceptions import ValidationError

from accounts.models import Role
from accounts.selectors import user_has_role, user_roles, user_units
from accounts.services import membership_grant, membership_validate
from units.models import Unit
from units.tests.factories import DistrictFactory, StreetFactory


@pytest.mark.parametrize(
    ("role", "kind", "allowed"),
    [
        (Role.OPERATOR, "hotline", True),
        (Role.OPERATOR, "street", False),
        (Role.STREET_OFFICIAL, "street", True),
        (Role.STREET_OFFICIAL, "district", False),
        (Role.DISTRICT_SUPERVISOR, "district", True),
        (Role.DEPARTMENT_STAFF, "department", True),
        (Role.DEPARTMENT_STAFF, "enterprise", True),
        (Role.DEPARTMENT_STAFF, "community", False),
        (Role.LEADER, "city", True),
    ],
)
def test_membership_unit_kind_rule(role, kind, allowed):
    unit = Unit(code="x", name="x", kind=kind)  # a pure rule: no database needed
    if allowed:
        membership_validate(role=role, unit=unit)
    else:
        with pytest.raises(ValidationError):
            membership_validate(role=role, unit=unit)


@pytest.mark.django_db
def test_roles_and_units_come_from_memberships(make_user):
    street_a, street_b = StreetFactory(), StreetFactory()
    user = make_user(Role.STREET_OFFICIAL, unit=street_a)
    membership_grant(user=user, unit=street_b, role=Role.STREET_OFFICIAL)
    membership_grant(user=user, unit=street_b, role=Role.STREET_OFFICIAL)  # granting twice is one row

    assert user_roles(user) == {Role.STREET_OFFICIAL}
    assert user_has_role(user, Role.OPERATOR, Role.STREET_OFFICIAL)
    assert not user_has_role(user, Role.OPERATOR)
    assert set(user_units(user, Role.STREET_OFFICIAL)) == {street_a, street_b}
    assert user.memberships.count() == 2


@pytest.mark.django_db
def test_inactive_unit_gives_no_role(make_user):
    district = DistrictFactory()
    user = make_user(Role.DISTRICT_SUPERVISOR, unit=district)
    district.is_active = False
    district.save(update_fields=["is_active"])
    assert user_roles(user) == frozenset()


@pytest.mark.django_db
@pytest.mark.urls("accounts.tests.gate_urls")
@pytest.mark.parametrize("role", list(Role))
def test_page_and_api_gates_agree_for_every_role(client, make_user, role):
    """The two gates ask the same question: only the operator gets through either."""
    client.force_login(make_user(role))

    statuses = (client.get("/page/").status_code, client.get("/api/").status_code)

    expected = 200 if role == Role.OPERATOR else 403
    assert statuses == (expected, expected)


@pytest.mark.django_db
@pytest.mark.urls("accounts.tests.gate_urls")
def test_anonymous_is_sent_to_login_by_the_page_gate_and_refused_by_the_api(client):
    response = client.get("/page/")
    assert response.status_code == 302 and response.url.startswith("/accounts/login/")
    # 401 with a challenge: the token scheme comes first among the API's authenticators.
    refused = client.get("/api/")
    assert refused.status_code == 401 and refused["WWW-Authenticate"] == "Token"
