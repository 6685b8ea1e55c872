from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Role
from health.models import Heartbeat
from health.services import WORKER_HEARTBEAT
from health.tasks import record_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, make_user):
    client.force_login(make_user(is_staff=True))
    return client


def test_heartbeat_task_run_twice_keeps_one_row_with_the_latest_time():
    record_heartbeat()
    first = Heartbeat.objects.get(name=WORKER_HEARTBEAT).beat_at
    record_heartbeat()
    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get().beat_at >= first


def test_healthz_reports_database_broker_and_fresh_heartbeat(staff_client):
    record_heartbeat()
    response = staff_client.get("/healthz")
    body = response.json()
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"]["ok"] and body["checks"]["broker"]["ok"]
    assert body["checks"]["heartbeat"]["ok"]


def test_stale_heartbeat_is_degraded_but_still_serving(staff_client, settings):
    Heartbeat.objects.create(
        name=WORKER_HEARTBEAT, beat_at=timezone.now() - timedelta(seconds=4 * settings.HEARTBEAT_SECONDS)
    )
    response = staff_client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "degraded"
    assert not response.json()["checks"]["heartbeat"]["ok"]


def unreachable_broker_healthz(client, settings):
    from config.celery import app

    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        return client.get("/healthz")
    finally:
        app.conf.broker_url = settings.CELERY_BROKER_URL


def test_unreachable_broker_is_503(staff_client, settings):
    response = unreachable_broker_healthz(staff_client, settings)
    assert response.status_code == 503
    assert response.json()["status"] == "down"
    assert not response.json()["checks"]["broker"]["ok"]
    assert "127.0.0.1:1" in response.json()["checks"]["broker"]["detail"]


@pytest.mark.parametrize("role", [None, Role.DISPATCHER])
def test_anonymous_and_non_staff_see_the_status_but_no_detail(client, settings, make_user, role):
    if role:
        client.force_login(make_user(role))
    record_heartbeat()
    assert client.get("/healthz").json() == {"status": "ok"}

    response = unreachable_broker_healthz(client, settings)
    assert response.status_code == 503
    assert response.json() == {"status": "down"}


def test_an_administrator_sees_the_detail(client, make_user):
    client.force_login(make_user(Role.ADMINISTRATOR))
    assert set(client.get("/healthz").json()["checks"]) == {"database", "broker", "heartbeat"}
