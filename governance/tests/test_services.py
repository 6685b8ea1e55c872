"""A proactive task's life: an early warning becomes a task with the tickets behind it, the owner
answers with before/after photos, the creator closes it — each step through the state table, with
its event; and the steps that must not happen."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.models import ImmutableModel
from governance.models import ProactiveTask, TaskEvent, TaskPhoto
from governance.services import task_answer, task_close, task_create, task_from_warning, task_send_back
from governance.states import TaskForbidden, TaskTransitionError
from governance.tests.conftest import png
from metrics.early_warning import early_warnings
from metrics.tests.test_early_warning import WEEK, weekly

pytestmark = pytest.mark.django_db
S = ProactiveTask.Status


def test_an_early_warning_becomes_a_task_the_owner_answers_and_the_creator_closes(g):
    w, p = g.w, g.people
    weekly(w.tuanjiehu, w.parking, [1, 0, 2, 1, 1, 0, 1, 2], flagged_week=8)
    [warning] = early_warnings(week_start=WEEK)
    assert (warning.street, warning.category, warning.count) == (w.tuanjiehu, w.parking, 8)

    task = task_from_warning(
        actor=p.city_leader,
        street=warning.street,
        category=warning.category,
        week_start=WEEK,
        owners=[w.tuanjiehu],
        deadline=timezone.now() + timedelta(days=10),
    )
    assert task.status == S.OPEN
    assert task.source == ProactiveTask.Source.WARNING
    assert task.source_key == f"{w.tuanjiehu.pk}/{w.parking.pk}/2025-03-10"
    assert task.street == w.tuanjiehu and task.title == "团结湖街道 · 乱停车"
    assert task.tickets.count() == 8  # the flagged week's tickets, not the baseline's

    task = task_answer(
        task=task,
        actor=p.official,
        result="划定停车位，安装隔离桩",
        photos_before=[png("before.png")],
        photos_after=[png("after1.png"), png("after2.png")],
    )
    assert task.status == S.ANSWERED and task.answered_by == p.official
    assert sorted(task.photos.values_list("kind", flat=True)) == ["after", "after", "before"]
    assert {photo.content_type for photo in task.photos.all()} == {"image/png"}

    task = task_close(task=task, actor=p.city_leader, note="效果明显")
    assert task.status == S.CLOSED
    events = list(task.events.values_list("action", "from_status", "to_status", "actor"))
    assert events == [
        ("open", "", "open", p.city_leader.pk),
        ("answer", "open", "answered", p.official.pk),
        ("close", "answered", "closed", p.city_leader.pk),
    ]
    assert issubclass(TaskEvent, ImmutableModel)


def test_an_answer_needs_a_result_and_photos_before_and_after_and_stores_nothing_otherwise(g, task):
    with pytest.raises(ValidationError) as caught:
        task_answer(task=task, actor=g.people.official, result=" ", photos_after=[png("a.png")])
    assert set(caught.value.error_dict) == {"result", "photos_before"}
    with pytest.raises(ValidationError) as caught:
        task_answer(
            task=task, actor=g.people.official, result="done", photos_before=[png("b.png")],
            photos_after=[SimpleUploadedFile("notes.png", b"just some text", content_type="image/png")],
        )  # fmt: skip
    assert set(caught.value.error_dict) == {"photos_after"}
    task.refresh_from_db()
    assert task.status == S.OPEN and not TaskPhoto.objects.exists() and task.events.count() == 1


def test_who_may_take_which_step(g, task):
    p = g.people
    with pytest.raises(TaskForbidden):  # the creator does not answer for the owners
        task_answer(
            task=task,
            actor=p.supervisor,
            result="x",
            photos_before=[png("b.png")],
            photos_after=[png("a.png")],
        )
    with pytest.raises(TaskForbidden):  # a neighbouring street is not an owner
        task_answer(
            task=task,
            actor=p.neighbour,
            result="x",
            photos_before=[png("b.png")],
            photos_after=[png("a.png")],
        )
    with pytest.raises(TaskTransitionError):  # nothing to close before an answer
        task_close(task=task, actor=p.supervisor)
    task = task_answer(
        task=task, actor=p.staff, result="执法", photos_before=[png("b.png")], photos_after=[png("a.png")]
    )
    with pytest.raises(TaskForbidden):  # the owner does not accept their own answer
        task_close(task=task, actor=p.staff)
    task = task_send_back(task=task, actor=p.supervisor, reason="仍有车辆")
    assert task.status == S.SENT_BACK and task.decision_note == "仍有车辆"
    task = task_answer(
        task=task,
        actor=p.official,
        result="再次整治",
        photos_before=[png("b.png")],
        photos_after=[png("a.png")],
    )
    assert task_close(task=task, actor=p.supervisor).status == S.CLOSED
    with pytest.raises(TaskTransitionError):
        task_send_back(task=task, actor=p.supervisor, reason="again")


def test_creating_checks_the_creator_and_their_reach(g):
    p, w = g.people, g.w
    common = {"title": "噪音", "category": w.noise, "deadline": timezone.now() + timedelta(days=3)}
    with pytest.raises(TaskForbidden):
        task_create(actor=p.official, owners=[w.tuanjiehu], **common)
    with pytest.raises(ValidationError) as caught:  # 中关村 lies in 海淀, outside the 朝阳 supervisor's reach
        task_create(actor=p.supervisor, owners=[w.zhongguancun], street=w.zhongguancun, **common)
    assert set(caught.value.error_dict) == {"owners", "street"}
    with pytest.raises(ValidationError) as caught:
        task_create(
            actor=p.supervisor, owners=[], **{**common, "deadline": timezone.now() - timedelta(hours=1)}
        )
    assert set(caught.value.error_dict) == {"owners", "deadline"}
    assert not ProactiveTask.objects.exists()
    task = task_create(actor=p.city_leader, owners=[w.zhongguancun], street=w.zhongguancun, **common)
    assert list(task.owners.all()) == [w.zhongguancun]
