"""Writes on proactive tasks: open (by hand or from an early warning), answer, close, send back.
Each is one transaction: the compare-and-set move of the state table (``governance.states``) and
its event row; an answer's photos are all checked before the first is stored."""

from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.transitions import transition_apply
from governance.models import ProactiveTask, TaskEvent, TaskPhoto, Topic
from governance.selectors import may_create, owner_choices, street_choices, task_standings
from governance.states import TaskForbidden, TaskTransitionError, task_move
from hotline.caller import address_key
from hotline.models import Category, Ticket
from hotline.services.attachments import photos_check
from metrics.early_warning import pair_assessment, warning_tickets
from units.models import Unit
from uploads.photos import photo_row_fields

Source = ProactiveTask.Source


def task_event_record(*, task, action, actor, from_status, to_status, note="", at=None) -> TaskEvent:
    return TaskEvent.objects.create(
        task=task,
        action=action,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        at=at or timezone.now(),
    )


@transaction.atomic
def task_create(
    *,
    actor,
    title: str,
    category: Category,
    owners: Iterable[Unit],
    deadline: datetime,
    description: str = "",
    street: Unit | None = None,
    address: str = "",
    tickets: Iterable[Ticket] = (),
    source: str = Source.MANUAL,
    source_key: str = "",
    topic: Topic | None = None,
) -> ProactiveTask:
    """主动治理: a task for ``owners`` (units within the creator's reach) about ``category`` in a
    place (a street, or an address), with the tickets behind it, due by ``deadline``."""
    if not may_create(actor):
        raise TaskForbidden(_("Only analysts and leaders open proactive tasks."))
    owners = list(owners)
    title, description, address = (title or "").strip(), (description or "").strip(), (address or "").strip()
    now = timezone.now()
    errors = {}
    if not title:
        errors["title"] = [_("Name the problem.")]
    if not owners:
        errors["owners"] = [_("Name at least one unit that owns the task.")]
    elif owner_choices(actor).filter(pk__in=[u.pk for u in owners]).count() != len({u.pk for u in owners}):
        errors["owners"] = [_("This unit lies outside your reach.")]
    if street is not None and not street_choices(actor).filter(pk=street.pk).exists():
        errors["street"] = [_("This street lies outside your reach.")]
    if deadline is None or deadline <= now:
        errors["deadline"] = [_("Give a deadline in the future.")]
    if errors:
        raise ValidationError(errors)
    task = ProactiveTask.objects.create(
        title=title,
        description=description,
        source=source,
        source_key=source_key,
        topic=topic,
        category=category,
        street=street,
        address=address,
        address_key=address_key(address) if address else "",
        created_by=actor,
        opened_at=now,
        deadline=deadline,
    )
    task.owners.set(owners)
    task.tickets.set(list(tickets))
    task_event_record(task=task, action="open", actor=actor, from_status="", to_status=task.status, at=now)
    return task


def warning_key(*, street: Unit, category: Category, week_start: date) -> str:
    return f"{street.pk}/{category.pk}/{week_start.isoformat()}"


def task_from_warning(
    *,
    actor,
    street: Unit,
    category: Category,
    week_start: date,
    owners: Iterable[Unit],
    deadline: datetime,
    title: str = "",
    description: str = "",
) -> ProactiveTask:
    """A task from an early warning (a street where one category rose): its place is the street,
    its tickets the week's tickets behind the flag."""
    warning, _flagged = pair_assessment(street=street, category=category, week_start=week_start)
    return task_create(
        actor=actor,
        title=title or f"{street.name} · {category.name}",
        description=description,
        category=category,
        street=street,
        owners=owners,
        deadline=deadline,
        tickets=warning_tickets(warning, week_start),
        source=Source.WARNING,
        source_key=warning_key(street=street, category=category, week_start=week_start),
    )


def _move(
    task: ProactiveTask, *, action: str, actor, note: str = "", changes=None
) -> tuple[ProactiveTask, TaskEvent]:
    standings = task_standings(actor, task)
    move = transition_apply(
        row=task,
        move_for=lambda status: task_move(status=status, action=action, standings=standings),
        changes=changes,
        conflict=TaskTransitionError,
        label=_("Proactive task %(pk)s") % {"pk": task.pk},
    )
    event = task_event_record(
        task=task, action=action, actor=actor, from_status=task.status, to_status=move.target, note=note
    )
    task.refresh_from_db()
    return task, event


@transaction.atomic
def task_answer(
    *,
    task: ProactiveTask,
    actor,
    result: str,
    photos_before: Sequence[UploadedFile] = (),
    photos_after: Sequence[UploadedFile] = (),
) -> ProactiveTask:
    """The owner's answer: what was done, in writing, with at least one photo of the place before
    and one after (checked as a reply's photos are, all before the first is stored)."""
    result = (result or "").strip()
    errors = {}
    if not result:
        errors["result"] = [_("Write what was done.")]
    if not photos_before:
        errors["photos_before"] = [_("Add at least one photo from before the work.")]
    if not photos_after:
        errors["photos_after"] = [_("Add at least one photo from after the work.")]
    if errors:
        raise ValidationError(errors)
    photos_check({"photos_before": list(photos_before), "photos_after": list(photos_after)})
    now = timezone.now()
    task, event = _move(
        task,
        action="answer",
        actor=actor,
        note=result,
        changes={"result": result, "answered_by": actor, "answered_at": now},
    )
    TaskPhoto.objects.bulk_create(
        TaskPhoto(task=task, event=event, kind=kind, **photo_row_fields(upload, actor=actor, at=now))
        for kind, uploads in ((TaskPhoto.Kind.BEFORE, photos_before), (TaskPhoto.Kind.AFTER, photos_after))
        for upload in uploads
    )
    return task


@transaction.atomic
def task_close(*, task: ProactiveTask, actor, note: str = "") -> ProactiveTask:
    """The creator accepts the answer: the task is done."""
    note = (note or "").strip()
    return _move(
        task,
        action="close",
        actor=actor,
        note=note,
        changes={"decided_at": timezone.now(), "decision_note": note},
    )[0]


@transaction.atomic
def task_send_back(*, task: ProactiveTask, actor, reason: str) -> ProactiveTask:
    """The answer is not enough: the owners answer again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the answer is sent back.")]})
    return _move(
        task,
        action="send_back",
        actor=actor,
        note=reason,
        changes={"decided_at": timezone.now(), "decision_note": reason},
    )[0]
