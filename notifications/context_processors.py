from django.utils.functional import SimpleLazyObject

from notifications.selectors import unread_count


def unread(request):
    """``unread_notifications`` for the header badge; counted only if a template shows it."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
