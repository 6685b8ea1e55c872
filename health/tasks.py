from celery import shared_task

from health.services import heartbeat_record


@shared_task
def record_heartbeat() -> str:
    return heartbeat_record().beat_at.isoformat()
