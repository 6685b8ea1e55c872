import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def policies():
    call_command("load_deadline_policies")


def test_the_command_prints_each_due_time(capsys):
    call_command("deadline_preview", "--start", "2026-09-30T17:55+08:00", "--tier", "T3")
    out = json.loads(capsys.readouterr().out)
    assert out["sign_due"] == "2026-09-30T19:55:00+08:00"
    assert out["contact_due"] == "2026-10-01T17:55:00+08:00"
    assert out["reply_due"] == "2026-10-15T17:55:00+08:00"  # across the National Day holiday


def test_the_api_for_any_signed_in_user_and_bad_input(make_user):
    api = APIClient()
    assert api.get("/api/v1/deadlines/preview/", {"tier": "T1"}).status_code in (401, 403)
    api.force_authenticate(make_user())
    ok = api.get("/api/v1/deadlines/preview/", {"tier": "T1", "start": "2026-11-22T23:10:00+08:00"})
    assert ok.status_code == 200 and ok.json()["reply_due"] == "2026-11-23T01:10:00+08:00"
    bad = api.get("/api/v1/deadlines/preview/", {"tier": "T9", "start": "soon"})
    assert bad.status_code == 400 and {"tier", "start"} <= set(bad.json()["error"]["fields"])
