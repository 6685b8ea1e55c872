"""Writing notifications. Every notice carries a dedupe key saying what it is about; the unique
constraint (user, dedupe_key) makes telling someone the same thing twice a no-op, so callers may
retry or run twice freely."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from accounts.models import Role
from notifications.events import EVENTS, Subject, To
from notifications.models import Notification
from notifications.recipients import (
    district_supervisor_ids,
    role_holder_ids,
    unit_member_ids,
    unit_people_ids,
)
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
    stamp = timezone.now()
    rows: dict[tuple[int, str], Notice] = {}
    for notice in notices:
        rows.setdefault((notice.user_id, notice.dedupe_key), notice)
    if not rows:
        return
    insert = _insert_returning_ids if connection.vendor == "postgresql" else _insert_with_orm
    created = insert(list(rows.values()), stamp=stamp, want_ids=senders_enabled())
    if created:
        send_after_commit(created)


def notify_event(event: str, subject: Subject) -> None:
    notify_events([(event, subject)])


def notify_events(occurrences: Iterable[tuple[str, Subject]]) -> None:
    """Tell everyone ``notifications.events.EVENTS`` names for each (event, subject), with one insert
    in the caller's transaction."""
    notify_many(notices=event_notices(occurrences))


# Which unit of the subject each audience is about, and whether it is that unit's people (members)
# or its district's supervisors.
_MEMBERS = {To.UNIT: "unit_id", To.LEAD_UNIT: "lead_unit_id", To.STREET: "street_id"}
_SUPERVISORS = {To.DISTRICT: "unit_id", To.STREET_DISTRICT: "street_id"}


def event_notices(occurrences: Iterable[tuple[str, Subject]]) -> list[Notice]:
    """The notices the events owe, in a fixed number of queries however many subjects: the people
    of every unit concerned, with their districts' supervisors in the same two queries, and the
    dispatchers once. Stored text is read later by anyone: it is written in the site's language,
    not the caller's."""
    occurrences = [(EVENTS[name], name, subject) for name, subject in occurrences]
    audiences = {to for event, _name, _subject in occurrences for to in event.to}
    member_units = {
        getattr(subject, _MEMBERS[to])
        for event, _n, subject in occurrences
        for to in event.to
        if to in _MEMBERS
    }
    district_units = {
        getattr(subject, _SUPERVISORS[to])
        for event, _n, subject in occurrences
        for to in event.to
        if to in _SUPERVISORS
    }
    member_units.discard(None)
    district_units.discard(None)
    members, supervisors = {}, {}
    if member_units and district_units:
        members, supervisors = unit_people_ids(member_units | district_units)
    elif member_units:
        members = unit_member_ids(member_units)
    elif district_units:
        supervisors = district_supervisor_ids(district_units)
    dispatchers = role_holder_ids(Role.DISPATCHER) if To.DISPATCHERS in audiences else set()

    notices = []
    with translation.override(settings.LANGUAGE_CODE):
        for event, name, subject in occurrences:
            users: set[int] = set()
            for to in event.to:
                if to in _MEMBERS:
                    users |= members.get(getattr(subject, _MEMBERS[to]), set())
                elif to in _SUPERVISORS:
                    users |= supervisors.get(getattr(subject, _SUPERVISORS[to]), set())
                elif to is To.ISSUER:
                    users |= subject.user_ids
                else:
                    users |= dispatchers
            text = (str(event.text) % subject.values).strip()
            notices += [
                Notice(
                    user_id=user_id,
                    kind=name,
                    text=text,
                    dedupe_key=subject.dedupe_key,
                    ticket_id=subject.ticket_id,
                )
                for user_id in users
            ]
    return notices


def _insert_with_orm(notices: list[Notice], *, stamp, want_ids: bool) -> list[int]:
    Notification.objects.bulk_create(
        [
            Notification(
                user_id=notice.user_id,
                ticket_id=notice.ticket_id,
                kind=notice.kind,
                text=notice.text[:_TEXT_MAX],
                dedupe_key=notice.dedupe_key,
                created_at=stamp,
            )
            for notice in notices
        ],
        ignore_conflicts=True,
        batch_size=2000,
    )
    if not want_ids:
        return []
    # One timestamp for the whole call tells this call's rows from earlier ones with the same key,
    # since ignore_conflicts does not say which rows it inserted.
    return list(
        Notification.objects.filter(
            created_at=stamp,
            user_id__in={notice.user_id for notice in notices},
            dedupe_key__in={notice.dedupe_key for notice in notices},
        ).values_list("pk", flat=True)
    )


def _insert_returning_ids(notices: list[Notice], *, stamp, want_ids: bool) -> list[int]:
    """PostgreSQL: the rows go in as one array per column and come back as the ids of those really
    inserted. A sweep writes thousands of notices at once; built as model instances, they cost
    more time in Python than the database takes to store them."""
    columns = {"user_id": [], "ticket_id": [], "kind": [], "text": [], "dedupe_key": []}
    for notice in notices:
        columns["user_id"].append(notice.user_id)
        columns["ticket_id"].append(notice.ticket_id)
        columns["kind"].append(notice.kind)
        columns["text"].append(notice.text[:_TEXT_MAX])
        columns["dedupe_key"].append(notice.dedupe_key)
    quote = connection.ops.quote_name
    table, names = quote(Notification._meta.db_table), ", ".join(map(quote, [*columns, "created_at"]))
    returning = " RETURNING id" if want_ids else ""
    sql = (
        f"INSERT INTO {table} ({names}) "  # noqa: S608 - names from the model
        "SELECT *, %s FROM unnest(%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::text[]) "
        f"ON CONFLICT DO NOTHING{returning}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [stamp, *columns.values()])
        return [row[0] for row in cursor.fetchall()] if want_ids else []


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


def notification_mark_read(*, user, ids: Iterable[int] | None = None) -> int:
    """Mark the user's unread notifications read: those in ``ids``, or all when ``ids`` is None.
    Others' ids are ignored. Returns how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    return unread.update(read_at=timezone.now())
