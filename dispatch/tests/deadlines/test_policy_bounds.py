"""Issue 11 item 8: a deadline policy's limits are bounded — minutes and hours at most 30 days'
worth, days at most 60, at least 1 — through the API and the admin alike, so no dispatch can run
into an OverflowError or a calendar walk without end."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.deadlines.preview import deadline_preview
from dispatch.models import DeadlinePolicy

pytestmark = pytest.mark.django_db


def client_for(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


def new_policy(**changes):
    return {
        "tier": "T4",
        "effective_from": (timezone.now() + timedelta(days=1)).isoformat(),
        "sign_minutes": 60,
        "contact_minutes": 720,
        "reply_amount": 15,
        "reply_unit": "working_days",
        "warning_ratio": "0.75",
        "max_extensions": 1,
        **changes,
    }


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"sign_minutes": 10**12}, "sign_minutes"),
        ({"sign_minutes": 0}, "sign_minutes"),
        ({"contact_minutes": 30 * 24 * 60 + 1}, "contact_minutes"),
        ({"reply_amount": 30 * 24 * 60 + 1, "reply_unit": "minutes"}, "reply_amount"),
        ({"reply_amount": 30 * 24 + 1, "reply_unit": "hours"}, "reply_amount"),
        ({"reply_amount": 61, "reply_unit": "working_days"}, "reply_amount"),
        ({"reply_amount": 61, "reply_unit": "natural_days"}, "reply_amount"),
        ({"reply_amount": 0}, "reply_amount"),
        ({"effective_from": "2199-01-01T00:00:00+08:00"}, "effective_from"),
    ],
)
def test_limits_out_of_bounds_answer_400_in_chinese_and_save_nothing(make_user, changes, field):
    before = DeadlinePolicy.objects.count()
    response = client_for(make_user(Role.DISPATCHER)).post(
        "/api/v1/deadline-policies/", new_policy(**changes), format="json"
    )
    assert response.status_code == 400, response.json()
    message = " ".join(response.json()["error"]["fields"][field])
    assert any("\u4e00" <= char <= "\u9fff" for char in message), message
    assert DeadlinePolicy.objects.count() == before


@pytest.mark.parametrize(
    "changes",
    [
        {"sign_minutes": 30 * 24 * 60, "contact_minutes": 30 * 24 * 60},
        {"reply_amount": 30 * 24, "reply_unit": "hours"},
        {"reply_amount": 60, "reply_unit": "working_days"},
    ],
)
def test_limits_at_the_bounds_are_accepted_and_computable(make_user, changes):
    response = client_for(make_user(Role.DISPATCHER)).post(
        "/api/v1/deadline-policies/", new_policy(**changes), format="json"
    )
    assert response.status_code == 201, response.json()
    preview = deadline_preview(start=timezone.now() + timedelta(days=2), tier="T4")
    assert preview["policy_id"] == response.json()["id"]


@pytest.mark.parametrize(
    "field, value",
    [("sign_minutes", 10**12), ("reply_amount", 61)],
)
def test_the_admin_refuses_limits_out_of_bounds(admin_client, field, value):
    start = timezone.localtime() + timedelta(days=1)
    form = {
        "tier": "T4",
        "effective_from_0": f"{start:%Y-%m-%d}",
        "effective_from_1": f"{start:%H:%M:%S}",
        "sign_minutes": 60,
        "contact_minutes": 720,
        "reply_amount": 15,
        "reply_unit": "working_days",
        "warning_ratio": "0.75",
        "max_extensions": 1,
        "note": "",
        field: value,
    }
    response = admin_client.post("/admin/dispatch/deadlinepolicy/add/", form)
    assert response.status_code == 200  # the form again, with the error
    assert field in response.context["adminform"].form.errors
    assert not DeadlinePolicy.objects.filter(tier="T4", effective_from__gt=timezone.now()).exists()
