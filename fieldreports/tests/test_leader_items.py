"""Leaders' items (领导交办): given by leaders only, to units within their reach, dispatched at once
(never routed), and answered back on the leader's "my items" page."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from core.outbox.models import OutboxTask
from dispatch.lifecycle.unit_actions import assignment_contact, assignment_reply, assignment_sign
from dispatch.models import Assignment
from dispatch.stranded import routing_outbox_key
from fieldreports.models import LeaderItem
from fieldreports.services import ItemSource, Place, leader_item_create
from fieldreports.tests.conftest import photo
from hotline.models import Channel, RequestType, Ticket
from hotline.tests.factories import TicketFactory
from units.tests.factories import DistrictFactory, StreetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_district(db):
    district = DistrictFactory(name="海淀区")
    return {"district": district, "street": StreetFactory(name="中关村街道", parent=district)}


def _give(leader, quick, lead_unit, assisting=(), **overrides):
    fields = {
        "leader": leader,
        "source": ItemSource(kind=LeaderItem.Source.PLACE),
        "category": quick["light"],
        "request_type": RequestType.objects.get(code="help"),
        "content": "团结湖路段路灯成片不亮，三天内修复",
        "place": Place(address="团结湖路东段"),
        "tier": "T2",
        "lead_unit": lead_unit,
        "assisting_units": tuple(assisting),
    }
    return leader_item_create(**{**fields, **overrides})


def test_an_item_is_dispatched_at_once_to_the_chosen_units_and_not_routed(
    make_user, quick, place, other_district
):
    leader = make_user(Role.LEADER)  # the city's leader
    item = _give(leader, quick, place["street"], assisting=[other_district["street"]], photo=photo())
    ticket = item.ticket
    assert (ticket.channel, ticket.status, ticket.tier) == (Channel.LEADER, Ticket.Status.DISPATCHED, "T2")
    orders = {order.unit: order for order in ticket.assignments.all()}
    assert orders[place["street"]].role == Assignment.Role.LEAD
    assert orders[other_district["street"]].role == Assignment.Role.ASSIST
    assert {order.assigned_by for order in orders.values()} == {leader}
    assert all(order.clocks.exists() for order in orders.values())
    assert ticket.events.filter(action="assign", actor=leader).exists()
    assert not OutboxTask.objects.filter(dedupe_key=routing_outbox_key(ticket.pk)).exists()
    assert ticket.attachments.count() == 1


def test_a_district_leader_cannot_give_outside_their_district(make_user, quick, place, other_district):
    leader = make_user(Role.LEADER, unit=place["district"])
    with pytest.raises(ValidationError) as refused:
        _give(leader, quick, other_district["street"])
    assert "lead_unit" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        _give(leader, quick, place["street"], assisting=[other_district["street"]])
    assert "assisting_units" in refused.value.message_dict
    assert not Ticket.objects.exists() and not LeaderItem.objects.exists()
    assert _give(leader, quick, place["street"]).ticket.assignments.count() == 1


@pytest.mark.parametrize("role", [r for r in Role.values if r != Role.LEADER])
def test_only_leaders_give_items(make_user, client, quick, place, role):
    user = make_user(role)
    with pytest.raises(PermissionDenied):
        _give(user, quick, place["street"])
    client.force_login(user)
    assert client.get(reverse("fieldreports:item-new")).status_code == 403
    assert client.post(reverse("fieldreports:item-new"), {}).status_code == 403
    assert client.get(reverse("fieldreports:items")).status_code == 403
    assert not Ticket.objects.exists()


def _form(quick, **fields):
    return {
        "source": "place",
        "address": "团结湖路东段",
        "category": quick["light"].pk,
        "request_type": RequestType.objects.get(code="help").pk,
        "content": "路灯成片不亮",
        "tier": "T3",
        **fields,
    }


def test_the_page_refuses_a_unit_outside_the_reach_and_saves_nothing(
    make_user, client, quick, place, other_district
):
    client.force_login(make_user(Role.LEADER, unit=place["district"]))
    response = client.post(
        reverse("fieldreports:item-new"), _form(quick, lead_unit=other_district["street"].code)
    )
    assert response.status_code == 200
    assert "请从列表中选择您管辖范围内的单位" in response.content.decode()
    assert not Ticket.objects.exists()


def test_an_item_from_a_ticket_and_its_answers_on_my_items(make_user, client, quick, place):
    leader = make_user(Role.LEADER, unit=place["district"])
    source = TicketFactory(category=quick["light"])
    client.force_login(leader)
    form = client.get(reverse("fieldreports:item-new") + f"?ticket={source.number}").content.decode()
    assert source.number in form
    response = client.post(
        reverse("fieldreports:item-new"),
        _form(
            quick, source="ticket", source_ticket=source.number, address="", lead_unit=place["street"].code
        ),
    )
    # A district leader sees only tickets dispatched in the district: this one is not (yet).
    assert response.status_code == 200 and "没有您可查看的该编号工单" in response.content.decode()
    city_leader = make_user(Role.LEADER)
    client.force_login(city_leader)
    response = client.post(
        reverse("fieldreports:item-new"),
        _form(
            quick, source="ticket", source_ticket=source.number, address="", lead_unit=place["street"].code
        ),
    )
    assert response.status_code == 302
    item = LeaderItem.objects.get()
    assert (item.source_ticket, item.ticket.address) == (source, source.address)
    official = make_user(Role.STREET_OFFICIAL, unit=place["street"])
    order = item.ticket.assignments.get()
    order = assignment_sign(assignment=order, actor=official)
    order = assignment_contact(assignment=order, actor=official, contacted_at=timezone.now(), method="phone")
    assignment_reply(
        assignment=order,
        actor=official,
        text="已更换灯泡，路灯恢复",
        photos_before=[photo()],
        photos_after=[photo()],
    )
    page = client.get(reverse("fieldreports:items")).content.decode()
    assert item.ticket.number in page and "已更换灯泡，路灯恢复" in page and place["street"].name in page
    client.force_login(leader)
    assert item.ticket.number not in client.get(reverse("fieldreports:items")).content.decode()


def test_an_item_from_an_early_warning_keeps_its_reference(make_user, client, quick, place):
    client.force_login(make_user(Role.LEADER))
    key = f"{place['street'].pk}/{quick['light'].pk}/2026-03-09"
    assert key in client.get(reverse("fieldreports:item-new") + f"?warning={key}").content.decode()
    response = client.post(
        reverse("fieldreports:item-new"),
        _form(quick, source="warning", source_warning=key, lead_unit=place["street"].code),
    )
    assert response.status_code == 302
    item = LeaderItem.objects.get()
    assert (item.source, item.source_warning, item.ticket.channel) == ("warning", key, Channel.LEADER)
    page = client.get(reverse("fieldreports:items")).content.decode()
    assert f"/metrics/analysis/warnings/{key}/" in page


def test_a_leader_sees_the_item_link_on_a_ticket(make_user, client, quick):
    ticket = TicketFactory(category=quick["light"])
    client.force_login(make_user(Role.LEADER))
    page = client.get(reverse("hotline:ticket", args=[ticket.pk])).content.decode()
    assert f"/leader/items/new/?ticket={ticket.number}" in page
