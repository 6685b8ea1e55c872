"""The task pages as each person meets them: who opens a task, who answers, who closes, who sees
(what is not theirs answers 404), the list each one gets, and a task opened from an early warning
through its form."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import ProactiveTask
from governance.tests.conftest import png
from metrics.tests.test_early_warning import WEEK, weekly

pytestmark = pytest.mark.django_db
S = ProactiveTask.Status

# person → (may open the form, sees the task page: 200 / 403 / 404)
MATRIX = {
    "city_leader": (200, 200),
    "dispatcher": (200, 200),
    "admin": (200, 200),
    "supervisor": (200, 200),  # the creator
    "far_supervisor": (200, 404),
    "official": (403, 200),  # an owner
    "staff": (403, 200),  # an owner
    "neighbour": (403, 404),
    "far_official": (403, 404),
    "operator": (403, 403),
    "no_role": (403, 403),
}


@pytest.mark.parametrize("person", MATRIX)
def test_who_opens_and_who_sees(client, g, task, person):
    create, see = MATRIX[person]
    client.force_login(getattr(g.people, person))
    assert client.get(reverse("governance:task-new")).status_code == create
    assert client.get(reverse("governance:task", args=[task.pk])).status_code == see
    if see == 200:
        listed = client.get(reverse("governance:tasks")).context["object_list"]
        assert [t.pk for t in listed] == [task.pk]
    elif see == 404:
        assert client.get(reverse("governance:tasks")).context["object_list"].count() == 0


def test_an_anonymous_visitor_is_sent_to_sign_in(client, task):
    response = client.get(reverse("governance:task", args=[task.pk]))
    assert response.status_code == 302 and "login" in response.url


def answer(client, task, **extra):
    data = {"result": "划线设桩", "photos_before": [png("b.png")], "photos_after": [png("a.png")], **extra}
    return client.post(reverse("governance:step", args=[task.pk, "answer"]), data)


def test_the_owner_answers_with_photos_and_the_creator_closes(client, g, task):
    p = g.people
    client.force_login(p.neighbour)
    assert answer(client, task).status_code == 404
    client.force_login(p.supervisor)
    assert answer(client, task).status_code == 403  # the creator is no owner

    client.force_login(p.official)
    page = client.get(reverse("governance:task", args=[task.pk]))
    assert set(page.context["forms"]) == {"answer"}
    missing = client.post(reverse("governance:step", args=[task.pk, "answer"]), {"result": "done"})
    assert missing.status_code == 400
    assert set(missing.context["forms"]["answer"].errors) == {"photos_before", "photos_after"}
    assert answer(client, task).status_code == 302
    task.refresh_from_db()
    assert task.status == S.ANSWERED
    [before] = task.photos.filter(kind="before")
    assert client.get(reverse("governance:photo", args=[before.pk])).status_code == 200
    client.force_login(p.far_official)
    assert client.get(reverse("governance:photo", args=[before.pk])).status_code == 404

    client.force_login(p.supervisor)
    page = client.get(reverse("governance:task", args=[task.pk]))
    assert set(page.context["forms"]) == {"close", "send_back"}
    assert b"photos-before" in page.content and b"effect-before" in page.content
    response = client.post(reverse("governance:step", args=[task.pk, "close"]), {"note": "好"})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.status == S.CLOSED
    again = client.post(reverse("governance:step", args=[task.pk, "close"]), {"note": "好"}, follow=True)
    assert again.status_code == 200  # a message says it is not possible now; nothing changed
    assert task.events.count() == 3


def test_a_task_from_an_early_warning_through_the_form(client, g):
    w, p = g.w, g.people
    weekly(w.tuanjiehu, w.parking, [1, 0, 2, 1, 1, 0, 1, 2], flagged_week=8)
    key = f"{w.tuanjiehu.pk}/{w.parking.pk}/{WEEK.isoformat()}"
    client.force_login(p.supervisor)
    form = client.get(reverse("governance:task-new"), {"warning": key})
    assert form.status_code == 200 and form.context["form"].initial["street"] == w.tuanjiehu
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    data = {
        "warning": key,
        "title": "团结湖乱停车",
        "category": w.parking.pk,
        "owners": [w.tuanjiehu.pk],
        "deadline": deadline,
    }
    response = client.post(reverse("governance:task-new"), data)
    assert response.status_code == 302
    task = ProactiveTask.objects.get()
    assert (task.source, task.street, task.tickets.count()) == ("warning", w.tuanjiehu, 8)
    assert (
        client.get(reverse("governance:task-new"), {"warning": "1/2/2025-03-11"}).status_code == 404
    )  # not a Monday


def test_bad_input_answers_400_with_field_messages_and_saves_nothing(client, g):
    w, p = g.w, g.people
    client.force_login(p.supervisor)
    data = {
        "title": "噪音",
        "category": w.noise.pk,
        "owners": [w.zhongguancun.pk],  # not within 朝阳
        "deadline": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "ticket_numbers": "NO-SUCH",
    }
    response = client.post(reverse("governance:task-new"), data)
    assert response.status_code == 400
    assert "owners" in response.context["form"].errors
    response = client.post(reverse("governance:task-new"), {**data, "owners": [w.tuanjiehu.pk]})
    assert response.status_code == 400
    assert "ticket_numbers" in response.context["form"].errors
    assert not ProactiveTask.objects.exists()


def test_a_task_from_a_hot_address_or_a_hot_category(client, g):
    w, p = g.w, g.people
    client.force_login(p.dispatcher)
    form = client.get(reverse("governance:task-new"), {"address": "朝阳区团结湖路 1 号"})
    assert form.context["form"].initial["address"] == "朝阳区团结湖路 1 号"
    deadline = (timezone.localdate() + timedelta(days=7)).isoformat()
    data = {
        "title": "团结湖路1号噪音",
        "category": w.noise.pk,
        "owners": [w.tuanjiehu.pk],
        "deadline": deadline,
    }
    client.post(
        reverse("governance:task-new"), {**data, "origin": "address", "address": "朝阳区团结湖路 1 号"}
    )
    form = client.get(reverse("governance:task-new"), {"category": w.parking.pk, "street": w.tuanjiehu.pk})
    assert form.context["form"].initial == {"category": str(w.parking.pk), "street": str(w.tuanjiehu.pk)}
    client.post(reverse("governance:task-new"), {**data, "origin": "category", "street": w.tuanjiehu.pk})
    by_address, by_category = ProactiveTask.objects.order_by("pk")
    assert (by_address.source, by_address.address_key, by_address.street) == (
        "address",
        "朝阳区团结湖路1号",
        None,
    )
    assert (by_category.source, by_category.street) == ("category", w.tuanjiehu)


def test_the_topic_admin_pages_open(admin_client, g):
    assert admin_client.get(reverse("admin:governance_topic_add")).status_code == 200
    assert admin_client.get(reverse("admin:governance_proactivetask_changelist")).status_code == 200
