"""The header badge's count reads the partial index of unread notices (PostgreSQL), so it costs what
the user has unread, not what everyone ever received."""

import pytest
from django.db import connection, transaction

from notifications.models import Notification
from notifications.selectors import unread_count
from notifications.services import notify_users

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="query plans are PostgreSQL's; SQLite has no partial-index plan to check",
    ),
]


def test_the_unread_count_can_be_served_by_the_unread_index(make_user):
    me = make_user()
    notify_users(users=[me, make_user()], kind="test", text="t", dedupe_key="k")
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = Notification.objects.filter(user=me, read_at__isnull=True).explain()
    assert "notification_unread_idx" in plan
    assert unread_count(me) == 1
