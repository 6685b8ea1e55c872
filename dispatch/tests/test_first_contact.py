"""First contact: who may see the caller's full number — role × own/other order × confidential —
through the API and on the ticket page. A refused reveal logs nothing."""

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.lifecycle import hotline_actions, unit_actions
from dispatch.services import ticket_dispatch
from hotline.models import PhoneReveal
from hotline.tests.factories import TicketFactory
from units.tests.factories import DepartmentFactory, DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db

PHONE = "13812345678"


def world(make_user, *, confidential: bool):
    call_command("load_deadline_policies")
    district = DistrictFactory()
    street, other_street = StreetFactory(parent=district), StreetFactory(parent=district)
    assisting = DepartmentFactory(parent=district)
    dispatcher = make_user(Role.DISPATCHER)
    ticket = TicketFactory(caller_phone=PHONE, confidential=confidential)
    ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher, assisting_units=[assisting])
    lead = ticket.assignments.get(role="lead")
    users = {
        "lead street official": make_user(Role.STREET_OFFICIAL, unit=street),
        "other street official": make_user(Role.STREET_OFFICIAL, unit=other_street),
        "assisting department staff": make_user(Role.DEPARTMENT_STAFF, unit=assisting),
        "district supervisor": make_user(Role.DISTRICT_SUPERVISOR, unit=district),
        "operator": make_user(Role.OPERATOR),
        "dispatcher": dispatcher,
        "leader": make_user(Role.LEADER),
    }
    return ticket, lead, users


# Through the lead assignment's endpoint: 404 where the assignment is not visible, 403 where it is
# but the user is not the lead unit's (the hotline reveals through the ticket's own endpoint).
ASSIGNMENT_REVEAL = {
    "lead street official": 200,
    "other street official": 404,
    "assisting department staff": 404,
    "district supervisor": 403,
    "operator": 403,
    "dispatcher": 403,
    "leader": 403,
}


@pytest.mark.parametrize("confidential", [False, True], ids=["open caller", "confidential caller"])
@pytest.mark.parametrize("who", sorted(ASSIGNMENT_REVEAL))
def test_reveal_through_the_order_matrix(make_user, who, confidential):
    ticket, lead, users = world(make_user, confidential=confidential)
    api = APIClient()
    api.force_authenticate(users[who])
    response = api.post(f"/api/v1/assignments/{lead.pk}/reveal-phone/")
    expected = ASSIGNMENT_REVEAL[who]
    if confidential and expected == 200:
        expected = 403  # hidden from units: they ask the hotline to relay
    assert response.status_code == expected
    if expected == 200:
        assert response.json() == {"phone": PHONE}
        reveal = PhoneReveal.objects.get()
        assert (reveal.ticket, reveal.user) == (ticket, users[who])
    else:
        assert PHONE not in response.content.decode()
        assert not PhoneReveal.objects.exists()


@pytest.mark.parametrize("who", ["lead street official", "district supervisor", "other street official"])
def test_the_ticket_endpoint_stays_the_hotlines(make_user, who):
    ticket, _lead, users = world(make_user, confidential=False)
    api = APIClient()
    api.force_authenticate(users[who])
    assert api.post(f"/api/v1/tickets/{ticket.pk}/reveal-phone/").status_code in (403, 404)
    assert not PhoneReveal.objects.exists()


def test_no_reveal_once_the_order_is_no_longer_the_units(make_user):
    ticket, lead, users = world(make_user, confidential=False)
    official = users["lead street official"]
    request = unit_actions.assignment_request_return(assignment=lead, actor=official, reason="不属于本街道")
    hotline_actions.return_decide(
        request=request, actor=users["dispatcher"], approve=True, new_unit=StreetFactory()
    )
    api = APIClient()
    api.force_authenticate(official)
    assert api.post(f"/api/v1/assignments/{lead.pk}/reveal-phone/").status_code in (403, 404)
    assert not PhoneReveal.objects.exists()


def test_the_page_offers_the_lead_unit_a_logged_reveal_and_lists_reveals_for_the_hotline(client, make_user):
    ticket, lead, users = world(make_user, confidential=False)
    client.force_login(users["lead street official"])
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert f'data-url="/api/v1/assignments/{lead.pk}/reveal-phone/"' in page and PHONE not in page
    assert 'id="phone-reveals"' not in page

    api = APIClient()
    api.force_authenticate(users["lead street official"])
    api.post(f"/api/v1/assignments/{lead.pk}/reveal-phone/")
    client.force_login(users["operator"])
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert 'id="phone-reveals"' in page and str(users["lead street official"]) in page

    client.force_login(users["district supervisor"])
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert "reveal-phone" not in page and 'id="phone-reveals"' not in page


def test_a_confidential_caller_shows_the_relay_form_instead_of_the_number(client, make_user):
    ticket, lead, users = world(make_user, confidential=True)
    official = users["lead street official"]
    lead = unit_actions.assignment_sign(assignment=lead, actor=official)
    client.force_login(official)
    page = client.get(f"/hotline/tickets/{ticket.pk}/").content.decode()
    assert "reveal-phone" not in page and PHONE[-4:] not in page
    assert f'data-action="/api/v1/assignments/{lead.pk}/request-relay/"' in page

    api = APIClient()
    api.force_authenticate(official)
    response = api.post(
        f"/api/v1/assignments/{lead.pk}/request-relay/", {"reason": "请告知周三上门"}, format="json"
    )
    assert response.status_code == 200
    client.force_login(users["dispatcher"])
    requests_page = client.get("/hotline/requests/").content.decode()
    assert "请告知周三上门" in requests_page and "relayed" in requests_page
