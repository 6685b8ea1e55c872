"""Acceptance 3 and 4: the role × action × own/other matrix through the API (status codes, and what
lists contain), refused writes change nothing, invisible orders answer 404, bad input 400 with field
messages."""

import pytest
from rest_framework.test import APIClient

from dispatch.models import Assignment
from hotline.tests.factories import TicketFactory
from supervision.models import Level, SupervisionEvent, SupervisionOrder
from supervision.services import supervision_answer, supervision_issue

pytestmark = pytest.mark.django_db
URL = "/api/v1/supervision-orders/"
EVERYONE = [
    "dispatcher", "operator", "admin", "supervisor", "far_supervisor", "city_leader",
    "district_leader", "official", "far_official", "staff", "no_role",
]  # fmt: skip


def client(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def state():
    return SupervisionOrder.objects.count(), SupervisionEvent.objects.count()


@pytest.fixture
def orders(s):
    """A: the hotline's to the street; B: the district's to its department; C: the hotline's to the
    far street; D: the city's to a city-level department."""
    p = s.people
    return {
        "A": supervision_issue(actor=p.dispatcher, unit=s.street, subject="积水", reason="多次来电"),
        "B": supervision_issue(actor=p.supervisor, unit=s.department, subject="占道", reason="久拖未决"),
        "C": supervision_issue(actor=p.dispatcher, unit=s.far_street, subject="噪音", reason="多次来电"),
        "D": supervision_issue(
            actor=p.city_leader, unit=s.city_department, subject="供暖", reason="集中反映"
        ),
    }


# Who may issue to the street of the first district (own) and to the far street (other), and at
# which level; None: refused (403).
ISSUE = {
    "dispatcher": (Level.HOTLINE, Level.HOTLINE),
    "operator": (None, None),
    "admin": (None, None),
    "supervisor": (Level.DISTRICT, None),
    "far_supervisor": (None, Level.DISTRICT),
    "city_leader": (Level.CITY, Level.CITY),
    "district_leader": (Level.DISTRICT, None),
    "official": (None, None),
    "far_official": (None, None),
    "staff": (None, None),
    "no_role": (None, None),
}


@pytest.mark.parametrize("who", EVERYONE)
def test_who_may_issue_and_at_which_level(s, who):
    user = getattr(s.people, who)
    for target, level in zip((s.street, s.far_street), ISSUE[who], strict=True):
        before = state()
        answer = client(user).post(
            URL, {"unit": target.code, "subject": "积水", "reason": "多次来电"}, format="json"
        )
        if level is None:
            assert answer.status_code == 403, (who, target)
            assert state() == before
        else:
            assert answer.status_code == 201, answer.json()
            assert (answer.json()["level"], answer.json()["unit"]) == (level, target.code)


def test_an_order_on_a_tickets_order_goes_to_that_unit(s):
    assignment = Assignment.objects.create(ticket=TicketFactory(), unit=s.street, role="lead")
    answer = client(s.people.dispatcher).post(
        URL, {"assignment": assignment.pk, "reason": "逾期未复"}, format="json"
    )
    assert answer.status_code == 201
    order = SupervisionOrder.objects.get(pk=answer.json()["id"])
    assert (order.unit, order.ticket, order.assignment) == (s.street, assignment.ticket, assignment)
    assert (
        client(s.people.far_supervisor).post(URL, {"assignment": assignment.pk, "reason": "x"}).status_code
        == 403
    )


VISIBLE = {
    "dispatcher": "ABCD",
    "operator": "ABCD",
    "admin": "ABCD",
    "city_leader": "ABCD",
    "supervisor": "AB",
    "district_leader": "AB",
    "far_supervisor": "C",
    "official": "A",
    "far_official": "C",
    "staff": "B",
    "no_role": "",
}


@pytest.mark.parametrize("who", EVERYONE)
def test_lists_contain_exactly_the_visible_orders_and_others_answer_404(s, orders, who):
    api = client(getattr(s.people, who))
    listed = {row["id"] for row in api.get(URL).json()["results"]}
    assert listed == {orders[name].pk for name in VISIBLE[who]}
    for name, order in orders.items():
        assert api.get(f"{URL}{order.pk}/").status_code == (200 if name in VISIBLE[who] else 404)


# Order A (the hotline's, to the street): who may answer it, then accept or send back the answer.
ANSWER = {"official": 200, "far_official": 404, "staff": 404, "dispatcher": 403, "supervisor": 403,
          "city_leader": 403, "operator": 403, "no_role": 404}  # fmt: skip
DECIDE = {"dispatcher": 200, "supervisor": 403, "city_leader": 403, "official": 403, "far_official": 404,
          "operator": 403, "staff": 404}  # fmt: skip


@pytest.mark.parametrize("who", list(ANSWER))
def test_only_the_answering_units_people_answer(s, orders, who):
    before = state()
    answer = client(getattr(s.people, who)).post(
        f"{URL}{orders['A'].pk}/answer/", {"text": "已疏通"}, format="json"
    )
    assert answer.status_code == ANSWER[who]
    if ANSWER[who] == 200:
        assert answer.json()["status"] == "answered" and answer.json()["answer"] == "已疏通"
    else:
        assert state() == before


@pytest.mark.parametrize("action", ["accept", "send-back"])
@pytest.mark.parametrize("who", list(DECIDE))
def test_only_the_issuing_level_accepts_or_sends_back(s, orders, who, action):
    supervision_answer(order=orders["A"], actor=s.people.official, text="已疏通")
    before = state()
    answer = client(getattr(s.people, who)).post(
        f"{URL}{orders['A'].pk}/{action}/", {"reason": "不具体", "note": "好"}, format="json"
    )
    assert answer.status_code == DECIDE[who]
    if DECIDE[who] == 200:
        assert answer.json()["status"] == {"accept": "accepted", "send-back": "sent_back"}[action]
    else:
        assert state() == before


def test_a_district_order_is_decided_by_its_districts_people_and_not_the_hotline(s, orders):
    supervision_answer(order=orders["B"], actor=s.people.staff, text="已清理")
    assert client(s.people.dispatcher).post(f"{URL}{orders['B'].pk}/accept/").status_code == 403
    assert client(s.people.district_leader).post(f"{URL}{orders['B'].pk}/accept/").status_code == 200


def test_a_sent_back_order_is_answered_again_and_a_second_accept_conflicts(s, orders):
    api, unit = client(s.people.dispatcher), client(s.people.official)
    pk = orders["A"].pk
    unit.post(f"{URL}{pk}/answer/", {"text": "已疏通"}, format="json")
    assert (
        api.post(f"{URL}{pk}/send-back/", {"reason": "附照片"}, format="json").json()["status"] == "sent_back"
    )
    assert unit.post(f"{URL}{pk}/answer/", {"text": "已疏通，附照片"}, format="json").status_code == 200
    assert api.post(f"{URL}{pk}/accept/").status_code == 200
    before = state()
    assert api.post(f"{URL}{pk}/accept/").status_code == 409
    assert state() == before
    assert [e["action"] for e in api.get(f"{URL}{pk}/").json()["events"]] == [
        "issue", "answer", "send_back", "answer", "accept"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"unit": "STREET", "subject": "积水"}, "reason"),
        ({"unit": "STREET", "subject": "积水", "reason": "  "}, "reason"),
        ({"unit": "nowhere", "subject": "积水", "reason": "多次来电"}, "unit"),
        ({"unit": "STREET", "reason": "多次来电"}, "subject"),
        ({"reason": "多次来电"}, "unit"),
        ({"assignment": 999999, "reason": "多次来电"}, "assignment"),
    ],
)
def test_bad_input_answers_400_with_the_fields_message_and_stores_nothing(s, body, field):
    body = {key: (s.street.code if value == "STREET" else value) for key, value in body.items()}
    answer = client(s.people.dispatcher).post(URL, body, format="json")
    assert answer.status_code == 400
    assert field in answer.json()["error"]["fields"]
    assert state() == (0, 0)


def test_an_empty_answer_or_send_back_reason_answers_400(s, orders):
    pk = orders["A"].pk
    assert (
        "text"
        in client(s.people.official)
        .post(f"{URL}{pk}/answer/", {"text": " "}, format="json")
        .json()["error"]["fields"]
    )
    supervision_answer(order=orders["A"], actor=s.people.official, text="已疏通")
    answer = client(s.people.dispatcher).post(f"{URL}{pk}/send-back/", {"reason": ""}, format="json")
    assert answer.status_code == 400 and "reason" in answer.json()["error"]["fields"]
