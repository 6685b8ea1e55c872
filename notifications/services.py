"""Writing notifications. Every notice carries a dedupe key saying what it is about; the unique
constraint (user, dedupe_key) makes telling someone the same thing twice a no-op, so callers may
retry or run twice freely."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Role
from notifications.models import Notification
from notifications.recipients import district_supervisor_ids, role_holder_ids, unit_member_ids
from notifications.senders import senders_enabled
from notifications.tasks import send_after_commit

_TEXT_MAX = Notification._meta.get_field("text").max_length


@dataclass(frozen=True)
class Notice:
    """One notification for one user, before it is stored."""

    user_id: int
    kind: str
    text: str
    dedupe_key: str
    ticket_id: int | None = None


def notify_many(*, notices: Iterable[Notice]) -> None:
    """Store many notices in one statement; those already stored (same user and key) are skipped."""
    # One timestamp for the whole call tells this call's rows from earlier ones with the same key,
    # since ignore_conflicts does not say which rows it inserted.
    stamp = timezone.now()
    rows: dict[tuple[int, str], Notification] = {}
    for notice in notices:
        rows.setdefault(
            (notice.user_id, notice.dedupe_key),
            Notification(
                user_id=notice.user_id,
                ticket_id=notice.ticket_id,
                kind=notice.kind,
                text=notice.text[:_TEXT_MAX],
                dedupe_key=notice.dedupe_key,
                created_at=stamp,
            ),
        )
    if not rows:
        return
    Notification.objects.bulk_create(rows.values(), ignore_conflicts=True, batch_size=2000)
    if senders_enabled():
        created = Notification.objects.filter(
            created_at=stamp,
            user_id__in={user_id for user_id, _ in rows},
            dedupe_key__in={key for _, key in rows},
        ).values_list("pk", flat=True)
        send_after_commit(list(created))


def notify_users(*, users: Iterable, kind: str, text: str, ticket=None, dedupe_key: str) -> None:
    """``users``: user objects or ids."""
    ticket_id = getattr(ticket, "pk", ticket)
    notify_many(
        notices=(
            Notice(
                user_id=getattr(user, "pk", user),
                kind=kind,
                text=text,
                dedupe_key=dedupe_key,
                ticket_id=ticket_id,
            )
            for user in users
        )
    )


def notify_unit_members(*, unit, kind: str, text: str, ticket=None, dedupe_key: str) -> None:
    unit_id = getattr(unit, "pk", unit)
    notify_users(
        users=unit_member_ids([unit_id]).get(unit_id, ()),
        kind=kind,
        text=text,
        ticket=ticket,
        dedupe_key=dedupe_key,
    )


def notify_role(*, role: Role | str, kind: str, text: str, ticket=None, dedupe_key: str) -> None:
    notify_users(users=role_holder_ids(role), kind=kind, text=text, ticket=ticket, dedupe_key=dedupe_key)


def notify_district_supervisors(*, unit, kind: str, text: str, ticket=None, dedupe_key: str) -> None:
    """The supervisors of the district ``unit`` lies in (nobody for a city-level unit)."""
    unit_id = getattr(unit, "pk", unit)
    notify_users(
        users=district_supervisor_ids([unit_id]).get(unit_id, ()),
        kind=kind,
        text=text,
        ticket=ticket,
        dedupe_key=dedupe_key,
    )


def notification_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read: those in ``ids``, or all when ``ids`` is None.
    Others' ids are ignored. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
