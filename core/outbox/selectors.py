from django.db.models import QuerySet

from core.outbox.models import OutboxTask


def failing_outbox_tasks() -> QuerySet[OutboxTask]:
    """Work not done whose last publish or run failed, oldest first: for the people who watch it."""
    return OutboxTask.objects.filter(done_at__isnull=True).exclude(last_error="").order_by("created_at", "id")
