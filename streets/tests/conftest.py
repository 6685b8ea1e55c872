"""A small world for whistles: district 朝阳 with street 团结湖 and two district departments, district
丰台 with one department (for cross-district whistles), and one person per role."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.tests.factories import CategoryFactory, TicketFactory
from notifications.models import Notification
from streets.models import (
    Rating,
    Summons,
    SummonsAlert,
    SummonsReport,
    Whistle,
    WhistleDomain,
    WhistleEvent,
    WhistlePhoto,
)
from streets.transitions import summons_transition
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, DistrictFactory, StreetFactory


def linked_ticket(world, **fields):
    """A ticket of a category the world's enforcement department handles, dispatched to its street."""
    category = CategoryFactory(name="违章建筑", department_kind=world.enforcement.department_kind)
    ticket = TicketFactory(category=category, **fields)
    ticket_dispatch(ticket=ticket, lead_unit=world.street, actor=world.people.operator)
    return ticket


def api(user):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_authenticate(user)
    return client


def grant_whistle(user):
    user.user_permissions.add(
        Permission.objects.get(codename="blow_whistle", content_type__app_label="streets")
    )
    return user


def whistles_state() -> dict[str, list]:
    """Every row a step on a whistle or a summons could write, to compare before and after a step
    that was refused."""
    models = (Whistle, Whistle.tickets.through, Summons, Rating, SummonsReport, SummonsAlert, WhistlePhoto)
    state = {model.__name__: list(model.objects.order_by("pk").values()) for model in models}
    state["events"] = list(WhistleEvent.objects.order_by("pk").values())
    state["notifications"] = list(Notification.objects.order_by("pk").values("pk", "user", "kind"))
    return state


def summons_acknowledged(summons: Summons, actor) -> Summons:
    """The summons acknowledged on time through streets' own transition: the department's service
    (``departments.services.summons_acknowledge``) sits above streets, which does not import it."""
    now = timezone.now()
    changes = {"acknowledged_at": now, "acknowledged_by": actor, "acknowledged_on_time": True}
    return summons_transition(summons=summons, action="acknowledge", actor=actor, changes=changes)


@pytest.fixture
def world(db, make_user):
    chaoyang = DistrictFactory(name="朝阳区", code="110105")
    fengtai = DistrictFactory(name="丰台区", code="110106")
    street = StreetFactory(name="团结湖街道", code="110105011", parent=chaoyang)
    other_street = StreetFactory(name="三里屯街道", code="110105012", parent=chaoyang)
    far_street = StreetFactory(name="卢沟桥街道", code="110106011", parent=fengtai)
    enforcement = DepartmentFactory(
        parent=chaoyang, department_kind=DepartmentKindFactory(code="cgzf", name="城管执法")
    )
    housing = DepartmentFactory(
        parent=chaoyang, department_kind=DepartmentKindFactory(code="zj", name="住建")
    )
    water = DepartmentFactory(parent=fengtai, department_kind=DepartmentKindFactory(code="sw", name="水务"))
    unsummoned = DepartmentFactory(
        parent=chaoyang, department_kind=DepartmentKindFactory(code="sj", name="市场监管")
    )
    people = SimpleNamespace(
        official=grant_whistle(make_user(Role.STREET_OFFICIAL, unit=street)),
        plain_official=make_user(Role.STREET_OFFICIAL, unit=street),  # without the whistle permission
        other_official=grant_whistle(make_user(Role.STREET_OFFICIAL, unit=other_street)),
        far_official=grant_whistle(make_user(Role.STREET_OFFICIAL, unit=far_street)),
        enforcement=make_user(Role.DEPARTMENT_STAFF, unit=enforcement),
        housing=make_user(Role.DEPARTMENT_STAFF, unit=housing),
        water=make_user(Role.DEPARTMENT_STAFF, unit=water),
        unsummoned=make_user(Role.DEPARTMENT_STAFF, unit=unsummoned),
        supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=chaoyang),
        far_supervisor=make_user(Role.DISTRICT_SUPERVISOR, unit=fengtai),
        city_leader=make_user(Role.LEADER),
        operator=make_user(Role.OPERATOR),
    )
    return SimpleNamespace(
        chaoyang=chaoyang,
        fengtai=fengtai,
        street=street,
        other_street=other_street,
        far_street=far_street,
        enforcement=enforcement,
        housing=housing,
        water=water,
        unsummoned=unsummoned,
        people=people,
        domain=WhistleDomain.objects.get(code="joint_enforcement"),
    )


def answered(summonses):
    """These summonses acknowledged: the street rates a department once it has answered."""
    from django.utils import timezone

    from streets.models import Summons

    summonses.update(status=Summons.Status.ACKNOWLEDGED, acknowledged_at=timezone.now())


def acknowledge_time_over(summonses):
    """These summonses' time to acknowledge has run out unanswered: the street may rate them."""
    from django.utils import timezone

    summonses.update(acknowledge_due=timezone.now() - timezone.timedelta(minutes=1))
