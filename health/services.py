from django.utils import timezone

from health.models import Heartbeat

WORKER_HEARTBEAT = "celery-worker"


def heartbeat_record(*, name: str = WORKER_HEARTBEAT) -> Heartbeat:
    """Upsert: however often it runs, one row per name holding the latest time."""
    heartbeat, _created = Heartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})
    return heartbeat
