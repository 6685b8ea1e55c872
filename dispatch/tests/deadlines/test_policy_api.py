"""Deadline policy and calendar over the API: role × action, bad input, and the calendar warning."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.models import CalendarDay, DeadlinePolicy

pytestmark = pytest.mark.django_db

EDITORS = [Role.DISPATCHER, Role.ADMINISTRATOR]
OTHERS = [Role.OPERATOR, Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.DISTRICT_SUPERVISOR, Role.LEADER]


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


def new_policy(**changes):
    return {
        "tier": "T3",
        "effective_from": (timezone.now() + timedelta(days=1)).isoformat(),
        "sign_minutes": 60,
        "contact_minutes": 720,
        "reply_amount": 5,
        "reply_unit": "working_days",
        "warning_ratio": "0.80",
        "max_extensions": 2,
        "note": "2027 新规",
        **changes,
    }


@pytest.mark.parametrize("role", EDITORS + OTHERS)
def test_everyone_signed_in_reads_the_policy(make_user, role):
    response = client_for(make_user(role)).get("/api/v1/deadline-policies/?tier=T1")
    assert response.status_code == 200
    assert [row["reply_amount"] for row in response.json()["results"]] == [2]


def test_anonymous_reads_nothing():
    assert APIClient().get("/api/v1/deadline-policies/").status_code in (401, 403)


@pytest.mark.parametrize("role", EDITORS)
def test_editors_add_a_future_row(make_user, role):
    response = client_for(make_user(role)).post("/api/v1/deadline-policies/", new_policy(), format="json")
    assert response.status_code == 201, response.json()
    assert DeadlinePolicy.objects.filter(tier="T3", reply_amount=5).exists()


@pytest.mark.parametrize("role", OTHERS)
def test_others_may_not_add(make_user, role):
    response = client_for(make_user(role)).post("/api/v1/deadline-policies/", new_policy(), format="json")
    assert response.status_code == 403
    assert not DeadlinePolicy.objects.filter(reply_amount=5).exists()


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"effective_from": "2020-01-01T00:00:00+08:00"}, "effective_from"),
        ({"warning_ratio": "1.50"}, "warning_ratio"),
        ({"reply_unit": "fortnights"}, "reply_unit"),
        ({"tier": "T9"}, "tier"),
    ],
)
def test_bad_rows_get_400_with_chinese_field_messages_and_nothing_saved(make_user, changes, field):
    before = DeadlinePolicy.objects.count()
    response = client_for(make_user(Role.DISPATCHER)).post(
        "/api/v1/deadline-policies/", new_policy(**changes), format="json"
    )
    assert response.status_code == 400
    message = " ".join(response.json()["error"]["fields"][field])
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message
    assert DeadlinePolicy.objects.count() == before


def test_the_same_tier_and_moment_twice_is_refused(make_user):
    client = client_for(make_user(Role.DISPATCHER))
    body = new_policy()
    assert client.post("/api/v1/deadline-policies/", body, format="json").status_code == 201
    response = client.post("/api/v1/deadline-policies/", body, format="json")
    assert response.status_code == 400 and "effective_from" in response.json()["error"]["fields"]


def test_editors_set_and_clear_calendar_days_others_may_not(make_user):
    editor, official = client_for(make_user(Role.DISPATCHER)), client_for(make_user(Role.STREET_OFFICIAL))
    url = "/api/v1/calendar-days/2027-02-06/"
    assert official.put(url, {"is_workday": False}, format="json").status_code == 403
    assert editor.put(url, {"is_workday": False, "note": "春节"}, format="json").status_code == 200
    assert editor.put(url, {"is_workday": True, "note": "调休"}, format="json").status_code == 200
    assert CalendarDay.objects.get(date=date(2027, 2, 6)).is_workday is True
    assert official.get("/api/v1/calendar-days/?date__year=2027").json()["results"][0]["note"] == "调休"
    assert official.delete(url).status_code == 403
    assert editor.delete(url).status_code == 204
    assert not CalendarDay.objects.exists()
    assert editor.put(
        "/api/v1/calendar-days/2027-02-30/", {"is_workday": True}, format="json"
    ).status_code in (
        400,
        404,
    )


def test_calendar_warnings_until_next_year_is_entered(make_user, monkeypatch):
    monkeypatch.setattr("dispatch.deadlines.calendar.calendar_known_until", lambda: timezone.localdate().year)
    client = client_for(make_user(Role.DISPATCHER))
    assert len(client.get("/api/v1/calendar-days/warnings/").json()["warnings"]) == 1
    CalendarDay.objects.create(date=date(timezone.localdate().year + 1, 1, 1), is_workday=False)
    assert client.get("/api/v1/calendar-days/warnings/").json()["warnings"] == []


@pytest.mark.parametrize(
    "role, sees", [(Role.ADMINISTRATOR, True), (Role.DISPATCHER, True), (Role.OPERATOR, False)]
)
def test_the_home_page_warns_who_keeps_the_calendar(client, make_user, monkeypatch, role, sees):
    monkeypatch.setattr("dispatch.deadlines.calendar.calendar_known_until", lambda: timezone.localdate().year)
    client.force_login(make_user(role))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert ('data-kind="calendar"' in page) is sees


def test_the_admin_lists_policies_with_the_calendar_warning(admin_client, monkeypatch):
    monkeypatch.setattr("dispatch.deadlines.calendar.calendar_known_until", lambda: timezone.localdate().year)
    response = admin_client.get("/admin/dispatch/deadlinepolicy/")
    assert response.status_code == 200
    assert str(timezone.localdate().year + 1) in response.content.decode()
    assert admin_client.get("/admin/dispatch/clock/").status_code == 200
    assert admin_client.get("/admin/dispatch/unitrequest/").status_code == 200
