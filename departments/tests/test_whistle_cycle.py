"""Acceptance 1: the whole cycle of a whistle summoning three departments, one of another district —
suggestions, acknowledgements, arrivals, one late department flagged once, a second whistle, and
closing blocked until every department is rated; through the services and through the API. It
spans the street's side and the departments', so it lives with the app above both."""

from datetime import timedelta
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from departments.services import rating_comment, summons_acknowledge, summons_arrive, summons_report
from notifications.models import Notification
from streets.enforcement import summonses_enforce
from streets.models import Summons, SummonsAlert, Whistle, WhistleEvent
from streets.services import whistle_blow, whistle_close, whistle_rate, whistle_rewhistle
from streets.tests.conftest import acknowledge_time_over, api, linked_ticket
from streets.whistle_states import WhistleTransitionError

pytestmark = pytest.mark.django_db


def test_the_whole_cycle_through_the_services(world, django_capture_on_commit_callbacks):
    p = world.people
    ticket = linked_ticket(world)
    with django_capture_on_commit_callbacks(execute=True):
        whistle = whistle_blow(
            actor=p.official,
            street=world.street,
            domain=world.domain,
            urgency="emergency",
            address="团结湖北里3号楼与丰台交界处",
            description="楼顶违建，渗水到邻楼",
            departments=[world.enforcement, world.housing, world.water],
            tickets=[ticket],
        )
    summons = {s.department_id: s for s in whistle.summonses.all()}
    enforcement, housing, water = (summons[u.pk] for u in (world.enforcement, world.housing, world.water))
    assert enforcement.arrive_due - enforcement.summoned_at == timedelta(minutes=30)  # emergency default
    assert Notification.objects.filter(user=p.water, kind="summoned").count() == 1  # cross-district

    summons_acknowledge(summons=enforcement, actor=p.enforcement)
    summons_arrive(summons=enforcement, actor=p.enforcement, note="已到场", longitude=116.46, latitude=39.93)
    summons_report(summons=enforcement, actor=p.enforcement, text="已拆除违建")
    summons_acknowledge(summons=housing, actor=p.housing)
    # The water department neither acknowledges nor comes; an hour later the sweep flags it, once.
    later = timezone.now() + timedelta(hours=1)
    summonses_enforce(now=later)
    summonses_enforce(now=later)
    assert sorted(SummonsAlert.objects.values_list("summons__department", "kind")) == sorted(
        [
            (world.water.pk, "acknowledge"),
            (world.water.pk, "arrive"),
            (world.housing.pk, "arrive"),
        ]
    )
    enforcement.refresh_from_db()
    assert enforcement.acknowledged_on_time and enforcement.arrived_on_time

    # The street blows again for the departments not on site; the first whistle stays open.
    second = whistle_rewhistle(whistle=whistle, actor=p.official)
    assert second.previous == whistle and set(second.summonses.values_list("department", flat=True)) == {
        world.housing.pk,
        world.water.pk,
    }
    assert list(second.tickets.all()) == [ticket]

    # Closing is blocked until every summoned department is rated: water never answered, and is
    # rated once its time to acknowledge has run out.
    with pytest.raises(ValidationError):
        whistle_rate(whistle=whistle, summons=water, actor=p.official, timeliness=1, cooperation=1, result=1)
    acknowledge_time_over(whistle.summonses.all())
    for summons in (enforcement, housing, water):
        summons.refresh_from_db()
    whistle_rate(
        whistle=whistle, summons=enforcement, actor=p.official, timeliness=5, cooperation=5, result=5
    )
    with pytest.raises(WhistleTransitionError, match=world.water.name):
        whistle_close(whistle=whistle, actor=p.official, result="已解决")
    whistle_rate(whistle=whistle, summons=housing, actor=p.official, timeliness=3, cooperation=4, result=4)
    whistle_rate(whistle=whistle, summons=water, actor=p.official, timeliness=1, cooperation=2, result=2)
    closed = whistle_close(whistle=whistle, actor=p.official, result="违建已拆除，渗水已处理")
    assert closed.status == Whistle.Status.CLOSED and closed.closed_at is not None

    # The department sees its rating and comments once.
    rating = water.rating
    rating_comment(rating=rating, actor=p.water, text="接哨时正处置另一起险情")
    with pytest.raises(WhistleTransitionError):
        rating_comment(rating=rating, actor=p.water, text="再说一次")
    actions = list(WhistleEvent.objects.filter(whistle=whistle).values_list("action", flat=True))
    assert actions[0] == "blow" and actions[-1] == "comment_rating"
    assert {"acknowledge", "arrive", "report", "rewhistle", "rate", "close"} <= set(actions)


def test_the_whole_cycle_through_the_api(world):
    p = world.people
    ticket = linked_ticket(world)
    street = api(p.official)

    suggested = street.get(f"/api/v1/whistles/suggestions/?tickets={ticket.number}").json()
    assert [row["code"] for row in suggested] == [world.enforcement.code]

    response = street.post(
        "/api/v1/whistles/",
        {
            "domain": "joint_enforcement",
            "urgency": "emergency",
            "address": "团结湖北里3号楼",
            "description": "楼顶违建",
            "departments": [world.enforcement.code, world.housing.code, world.water.code],
            "tickets": [ticket.number],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    whistle = response.json()
    assert whistle["actions"] == ["rate", "rewhistle", "escalate", "close"]
    ids = {row["department_code"]: row["id"] for row in whistle["summonses"]}

    water = api(p.water)
    assert water.get(f"/api/v1/whistles/{whistle['id']}/").status_code == 200  # cross-district, summoned
    own = water.get(f"/api/v1/summonses/{ids[world.water.code]}/").json()
    assert own["actions"] == ["acknowledge", "arrive"]
    assert water.post(f"/api/v1/summonses/{ids[world.water.code]}/acknowledge/").status_code == 200
    # Another department's summons on the same whistle: visible, but not theirs to act on.
    assert water.post(f"/api/v1/summonses/{ids[world.enforcement.code]}/acknowledge/").status_code == 403
    # A second acknowledgement: 409 naming the state.
    again = water.post(f"/api/v1/summonses/{ids[world.water.code]}/acknowledge/")
    assert again.status_code == 409 and "已签收" in again.json()["error"]["message"]
    arrived = water.post(
        f"/api/v1/summonses/{ids[world.water.code]}/arrive/",
        {"note": "已到场", "longitude": "116.300000", "latitude": "39.850000"},
        format="json",
    )
    assert arrived.status_code == 200 and arrived.json()["arrived_on_time"] is True

    with mock.patch("django.utils.timezone.now", return_value=timezone.now() + timedelta(hours=2)):
        summonses_enforce()
    late = street.get(f"/api/v1/whistles/{whistle['id']}/").json()
    assert {row["department_code"]: row["late"] for row in late["summonses"]} == {
        world.enforcement.code: ["acknowledge", "arrive"],
        world.housing.code: ["acknowledge", "arrive"],
        world.water.code: [],
    }

    second = street.post(
        f"/api/v1/whistles/{whistle['id']}/rewhistle/", {"description": "请尽快到场"}, format="json"
    )
    assert second.status_code == 201
    assert second.json()["previous"] == whistle["id"]

    blocked = street.post(f"/api/v1/whistles/{whistle['id']}/close/", {"result": "已解决"}, format="json")
    assert blocked.status_code == 409
    acknowledge_time_over(Summons.objects.filter(whistle_id=whistle["id"]))
    for code, score in [(world.enforcement.code, 1), (world.housing.code, 2), (world.water.code, 5)]:
        rated = street.post(
            f"/api/v1/whistles/{whistle['id']}/rate/",
            {"summons": ids[code], "timeliness": score, "cooperation": score, "result": score},
            format="json",
        )
        assert rated.status_code == 200
    bad = street.post(
        f"/api/v1/whistles/{whistle['id']}/rate/",
        {"summons": ids[world.water.code], "timeliness": 6, "cooperation": 0, "result": "x"},
        format="json",
    )
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {
        "timeliness",
        "cooperation",
        "result",
    }
    closed = street.post(f"/api/v1/whistles/{whistle['id']}/close/", {"result": "已解决"}, format="json")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["actions"] == []
    events = [event["action"] for event in closed.json()["events"]]
    assert events[0] == "blow" and events[-1] == "close"


def test_the_sweep_flags_only_the_steps_the_departments_have_not_taken(world):
    whistle = whistle_blow(
        actor=world.people.official,
        street=world.street,
        domain=world.domain,
        urgency="urgent",
        address="团结湖路1号",
        description="占道经营",
        departments=[world.enforcement, world.housing],
    )
    housing = whistle.summonses.get(department=world.housing)
    enforcement = whistle.summonses.get(department=world.enforcement)
    summons_acknowledge(summons=housing, actor=world.people.housing)
    summons_arrive(summons=housing, actor=world.people.housing)
    summons_acknowledge(summons=enforcement, actor=world.people.enforcement)

    report = summonses_enforce(now=timezone.now() + timedelta(days=1))

    assert (report.late_acknowledgements, report.late_arrivals) == (0, 1)
    assert set(SummonsAlert.objects.filter(kind="arrive").values_list("summons", flat=True)) == {
        enforcement.pk
    }
