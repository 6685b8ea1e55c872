"""The analyses' world (two districts, three streets, a district department, three categories)
with the people who open, answer and look at proactive tasks, and a task the 朝阳 supervisor gave
团结湖 about parking."""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role
from governance.services import task_create
from metrics.tests.test_analyses import world  # noqa: F401

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def png(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def g(world, make_user):  # noqa: F811
    w = world
    people = SimpleNamespace(
        city_leader=make_user(Role.LEADER, unit=w.city),
        dispatcher=make_user(Role.DISPATCHER),
        admin=make_user(Role.ADMINISTRATOR),
        operator=make_user(Role.OPERATOR),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=w.chaoyang),
        far_supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=w.haidian),
        official=make_user(Role.STREET_OFFICIAL, unit=w.tuanjiehu),
        neighbour=make_user(Role.STREET_OFFICIAL, unit=w.maizidian),
        far_official=make_user(Role.STREET_OFFICIAL, unit=w.zhongguancun),
        staff=make_user(Role.DEPARTMENT_STAFF, unit=w.chaoyang_enforcement),
        no_role=make_user(),
    )
    return SimpleNamespace(w=w, people=people)


@pytest.fixture
def task(g):
    return task_create(
        actor=g.people.supervisor,
        title="团结湖路乱停车",
        category=g.w.parking,
        street=g.w.tuanjiehu,
        owners=[g.w.tuanjiehu, g.w.chaoyang_enforcement],
        deadline=timezone.now() + timedelta(days=14),
    )
