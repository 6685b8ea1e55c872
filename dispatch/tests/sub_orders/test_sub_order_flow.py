"""二次派单 end to end against the database: street → community → street → hotline → callback. The
street stays the accountable unit; the community's lateness is visible to the street; the ticket's
timeline shows every hop."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from dispatch.lifecycle import hotline_actions, sub_orders, unit_actions
from dispatch.models import Assignment, Clock, SubOrder
from dispatch.services import ticket_dispatch
from dispatch.sub_order_selectors import sub_inbox, sub_unit_workload, ticket_sub_orders
from dispatch.sub_order_states import SubOrderForbidden, SubOrderTransitionError
from dispatch.tests.sub_orders.conftest import in_hours
from hotline.models import TicketEvent
from hotline.selectors.tickets import visible_tickets
from hotline.tests.factories import TicketFactory
from notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_hand_down_sign_report_accept_reply_and_callback(handed):
    h = handed
    a, official, staff = h["assignment"], h["official"], h["community_staff"]
    sub = sub_orders.sub_order_issue(
        assignment=a, actor=official, sub_unit=h["community"], note="请社区上门核实", deadline=in_hours(2)
    )
    assert sub.status == SubOrder.Status.ISSUED
    assert Notification.objects.filter(kind="handed_down", user=staff).count() == 1
    assert visible_tickets(staff).filter(pk=h["ticket"].pk).exists()
    assert list(sub_inbox(staff)) == [sub]

    # The inner deadline passes before the community reports: the street sees it late.
    SubOrder.objects.filter(pk=sub.pk).update(deadline=timezone.now() - timedelta(minutes=5))
    sub = sub_orders.sub_order_sign(sub_order=SubOrder.objects.get(pk=sub.pk), actor=staff)
    assert [(row["sub_unit__name"], row["open"], row["late"]) for row in sub_unit_workload(official)] == [
        (h["community"].name, 1, 1)
    ]
    assert [row["late"] for row in ticket_sub_orders(official, h["ticket"])] == [True]

    sub = sub_orders.sub_order_report(sub_order=sub, actor=staff, text="已上门，问题属实并已处理")
    assert sub.reported_at > sub.deadline  # reported late, and so on record
    assert Notification.objects.filter(kind="sub_order_reported", user=official).count() == 1
    assert sub_unit_workload(official)[0]["late"] == 0
    sub = sub_orders.sub_order_accept(sub_order=sub, actor=official)
    assert sub.status == SubOrder.Status.ACCEPTED and sub.closed_at is not None

    # The street replies to the hotline itself, with the ordinary reply; the hotline calls back.
    a = unit_actions.assignment_contact(
        assignment=Assignment.objects.get(pk=a.pk),
        actor=official,
        contacted_at=timezone.now() - timedelta(minutes=1),
        method="phone",
    )
    a = unit_actions.assignment_reply(assignment=a, actor=official, text="社区已处理")
    hotline_actions.assignment_callback(
        assignment=Assignment.objects.get(pk=a.pk),
        actor=h["operator"],
        solved="solved",
        satisfaction="satisfied",
    )

    a = Assignment.objects.get(pk=a.pk)
    assert a.status == Assignment.Status.CALLED_BACK
    assert a.assessed_unit_id == h["street"].pk
    assert set(Clock.objects.filter(assignment=a).values_list("assessed_unit_id", flat=True)) == {
        h["street"].pk
    }
    # The hops in the ticket's timeline, by whom and for which unit.
    hops = [
        (event.action, event.unit_id, event.payload.get("sub_unit"))
        for event in TicketEvent.objects.filter(
            ticket=h["ticket"], action__in=["hand_down", "sub_sign", "sub_report", "sub_accept"]
        )
    ]
    name = h["community"].name
    assert hops == [
        ("hand_down", h["street"].pk, name),
        ("sub_sign", h["community"].pk, name),
        ("sub_report", h["community"].pk, name),
        ("sub_accept", h["street"].pk, name),
    ]
    actions = list(h["ticket"].events.values_list("action", flat=True))
    assert actions.index("sub_accept") < actions.index("reply") < actions.index("callback")


def test_the_ticket_page_timeline_shows_both_hops(client, handed):
    h = handed
    sub = sub_orders.sub_order_issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["community"],
        note="请核实",
        deadline=in_hours(2),
    )
    sub_orders.sub_order_report(
        sub_order=sub_orders.sub_order_sign(sub_order=sub, actor=h["community_staff"]),
        actor=h["community_staff"],
        text="已核实",
    )
    client.force_login(h["official"])
    page = client.get(f"/hotline/tickets/{h['ticket'].pk}/").content.decode()
    timeline = page.split('id="timeline"')[1].split("</ol>")[0]
    assert "下派至下级单位" in timeline and "向派单单位报告" in timeline
    assert h["community"].name in timeline


def test_send_back_and_report_again_then_withdraw_frees_the_sub_unit(handed):
    h = handed
    sub = sub_orders.sub_order_issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["community"],
        note="请处理",
        deadline=in_hours(2),
    )
    sub = sub_orders.sub_order_sign(sub_order=sub, actor=h["community_staff"])
    sub = sub_orders.sub_order_report(sub_order=sub, actor=h["community_staff"], text="已处理")
    with pytest.raises(ValidationError) as error:
        sub_orders.sub_order_send_back(sub_order=sub, actor=h["official"], reason="", deadline=in_hours(999))
    assert set(error.value.message_dict) == {"reason", "deadline"}
    sub = sub_orders.sub_order_send_back(
        sub_order=sub, actor=h["official"], reason="照片不清", deadline=in_hours(1)
    )
    assert sub.status == SubOrder.Status.SENT_BACK
    sub = sub_orders.sub_order_report(sub_order=sub, actor=h["community_staff"], text="补充照片")
    sub = sub_orders.sub_order_withdraw(sub_order=sub, actor=h["official"], reason="街道自办")
    # A closed order leaves room for a new one to the same sub-unit.
    again = sub_orders.sub_order_issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["community"],
        note="再请处理",
        deadline=in_hours(2),
    )
    assert again.pk != sub.pk


def test_one_open_order_per_sub_unit_but_several_sub_units(handed):
    h = handed
    issue = sub_orders.sub_order_issue
    issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["community"],
        note="甲",
        deadline=in_hours(2),
    )
    issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["section"],
        note="乙",
        deadline=in_hours(2),
    )
    with pytest.raises(ValidationError) as error:
        issue(
            assignment=h["assignment"],
            actor=h["official"],
            sub_unit=h["community"],
            note="丙",
            deadline=in_hours(2),
        )
    assert "sub_unit" in error.value.message_dict
    assert SubOrder.objects.count() == 2
    assert TicketEvent.objects.filter(action="hand_down").count() == 2


def test_a_double_click_moves_once_and_the_wrong_side_is_refused(handed):
    h = handed
    sub = sub_orders.sub_order_issue(
        assignment=h["assignment"],
        actor=h["official"],
        sub_unit=h["community"],
        note="请处理",
        deadline=in_hours(2),
    )
    with pytest.raises(SubOrderForbidden):
        sub_orders.sub_order_sign(sub_order=sub, actor=h["official"])
    with pytest.raises(SubOrderForbidden):
        sub_orders.sub_order_sign(sub_order=sub, actor=h["section_staff"])
    sub_orders.sub_order_sign(sub_order=sub, actor=h["community_staff"])
    with pytest.raises(SubOrderTransitionError):
        sub_orders.sub_order_sign(sub_order=sub, actor=h["community_staff"])  # read as issued
    assert TicketEvent.objects.filter(action="sub_sign").count() == 1


def test_not_before_sign_for_and_not_after_the_reply(handed):
    h = handed
    a = h["assignment"]
    Assignment.objects.filter(pk=a.pk).update(status=Assignment.Status.DISPATCHED)
    with pytest.raises(SubOrderTransitionError):
        sub_orders.sub_order_issue(
            assignment=Assignment.objects.get(pk=a.pk),
            actor=h["official"],
            sub_unit=h["community"],
            note="请处理",
            deadline=in_hours(2),
        )
    assert not SubOrder.objects.exists()


def _hand_down_tickets(h, count: int, make_user) -> None:
    """``count`` more tickets of the street, signed for and handed to its community."""
    for _ in range(count):
        ticket = TicketFactory(tier="T3")
        ticket_dispatch(ticket=ticket, lead_unit=h["street"], actor=h["dispatcher"])
        assignment = unit_actions.assignment_sign(assignment=ticket.assignments.get(), actor=h["official"])
        sub_orders.sub_order_issue(
            assignment=assignment,
            actor=h["official"],
            sub_unit=h["community"],
            note="核实",
            deadline=in_hours(2),
        )


@pytest.mark.parametrize("path", ["/sub-orders/", "/api/v1/sub-orders/"])
def test_the_sub_units_inbox_costs_no_query_per_row(
    client, handed, make_user, path, django_assert_max_num_queries
):
    """The steps each row offers are read from the user's memberships once, not per row."""
    _hand_down_tickets(handed, 2, make_user)
    client.force_login(handed["community_staff"])
    with django_assert_max_num_queries(60) as few:
        assert client.get(path).status_code == 200
    _hand_down_tickets(handed, 6, make_user)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(path)
    assert response.status_code == 200


def test_open_sub_orders_lapse_when_the_unit_replies(handed):
    """The street replies while its community still works and its section has reported: both
    orders are withdrawn by the platform with their events, and nothing is left for them to do."""
    h = handed
    a = h["assignment"]
    working = sub_orders.sub_order_issue(
        assignment=a, actor=h["official"], sub_unit=h["community"], note="核实", deadline=in_hours(2)
    )
    reported = sub_orders.sub_order_issue(
        assignment=a, actor=h["official"], sub_unit=h["section"], note="测量", deadline=in_hours(2)
    )
    sub_orders.sub_order_sign(sub_order=reported, actor=h["section_staff"])
    sub_orders.sub_order_report(sub_order=reported, actor=h["section_staff"], text="已测量")
    a = unit_actions.assignment_contact(
        assignment=a, actor=h["official"], contacted_at=timezone.now(), method="phone"
    )
    unit_actions.assignment_reply(assignment=a, actor=h["official"], text="已处理", citizen_text="已处理")

    assert set(SubOrder.objects.values_list("status", flat=True)) == {SubOrder.Status.WITHDRAWN}
    lapses = TicketEvent.objects.filter(ticket=h["ticket"], action="sub_lapse")
    assert sorted(lapses.values_list("payload__sub_order", flat=True)) == sorted([working.pk, reported.pk])
    assert sub_inbox(h["community_staff"]).get().status == SubOrder.Status.WITHDRAWN
    assert sub_unit_workload(h["official"]) == []


def test_open_sub_orders_lapse_when_a_return_is_approved(handed):
    h = handed
    a = h["assignment"]
    sub_orders.sub_order_issue(
        assignment=a, actor=h["official"], sub_unit=h["community"], note="核实", deadline=in_hours(2)
    )
    request = unit_actions.assignment_request_return(
        assignment=a, actor=h["official"], reason="不属于本街道", suggested_unit=h["other_community"].parent
    )
    # Asking to return is not the end: the hotline may refuse and the street keeps the order.
    assert SubOrder.objects.get().status == SubOrder.Status.ISSUED
    hotline_actions.return_decide(request=request, actor=h["dispatcher"], approve=True)
    assert SubOrder.objects.get().status == SubOrder.Status.WITHDRAWN
