from django.db.models import QuerySet

from notifications.models import Notification


def user_notifications(user) -> QuerySet[Notification]:
    """A user's own notifications, newest first. Nobody reads anyone else's."""
    return (
        Notification.objects.filter(user=user)
        .select_related("ticket")
        .only("kind", "text", "created_at", "read_at", "ticket", "ticket__number")
        .order_by("-created_at", "-pk")
    )


def unread_count(user) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    # Served by the partial index on unread rows (notification_unread_idx).
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
