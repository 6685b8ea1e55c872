"""Checks behind /healthz: each answers quickly and never raises."""

from dataclasses import asdict, dataclass
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from config.celery import app as celery_app
from health.models import Heartbeat
from health.services import WORKER_HEARTBEAT


@dataclass
class Check:
    ok: bool
    detail: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        return Check(False, f"{type(exc).__name__}: {exc}")
    return Check(True, connection.vendor)


def broker_check() -> Check:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return Check(False, f"{type(exc).__name__}: {exc}")
    return Check(True, str(transport))


def heartbeat_check() -> Check:
    """A worker heartbeat older than three beat intervals means beat or every worker is down."""
    try:
        beat_at = Heartbeat.objects.filter(name=WORKER_HEARTBEAT).values_list("beat_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001
        return Check(False, f"{type(exc).__name__}: {exc}")
    if beat_at is None:
        return Check(False, "no heartbeat recorded yet")
    age = timezone.now() - beat_at
    fresh = age <= timedelta(seconds=3 * settings.HEARTBEAT_SECONDS)
    return Check(
        fresh, f"last beat {timezone.localtime(beat_at).isoformat()} ({int(age.total_seconds())} s ago)"
    )
