"""One small city for the page-wide browser checks (phone layout, accessibility): a street with
four open orders, a whistle summoning a department, and the people who work on them."""

from dataclasses import dataclass

from django.core.cache import cache

from accounts.models import Role
from dispatch.services import ticket_dispatch
from hotline.models import Ticket
from hotline.tests.factories import CategoryFactory, TicketFactory
from streets.defaults import arrival_policies_load, domains_load
from streets.models import ArrivalPolicy, Whistle, WhistleDomain
from streets.services import whistle_blow
from streets.tests.conftest import grant_whistle
from units.models import Unit
from units.tests.factories import DepartmentFactory, DepartmentKindFactory, DistrictFactory, StreetFactory

PASSWORD = "pass-12345"


@dataclass
class FieldCity:
    street: Unit
    department: Unit
    ticket: Ticket
    whistle: Whistle
    users: dict


def field_city_build(make_user) -> FieldCity:
    cache.clear()
    domains_load(WhistleDomain)
    arrival_policies_load(ArrivalPolicy)
    district = DistrictFactory(name="朝阳区", code="110105")  # a real code: the analysis map links it
    street = StreetFactory(name="团结湖街道", parent=district)
    department = DepartmentFactory(
        name="朝阳区城市管理综合行政执法局",
        parent=district,
        department_kind=DepartmentKindFactory(code="cgzf", name="城管执法"),
    )
    category = CategoryFactory(name="违章建筑", department_kind=department.department_kind)
    dispatcher = make_user(Role.DISPATCHER, password=PASSWORD)
    tickets = [
        TicketFactory(
            category=category,
            tier=tier,
            address=f"朝阳区团结湖北里{n}号楼东侧底商门前人行道",
            content="楼顶违建渗水，邻居家天花板发霉，多次反映未解决，希望尽快派人到现场查看处理",
        )
        for n, tier in enumerate(["T1", "T2", "T3", "T3"], start=1)
    ]
    for ticket in tickets:
        ticket_dispatch(ticket=ticket, lead_unit=street, actor=dispatcher)
    official = grant_whistle(make_user(Role.STREET_OFFICIAL, unit=street, password=PASSWORD))
    whistle = whistle_blow(
        actor=official,
        street=street,
        domain=WhistleDomain.objects.first(),
        urgency="urgent",
        address="朝阳区团结湖北里3号楼楼顶",
        description="楼顶违建，渗水到邻楼，需城管到场",
        departments=[department],
        tickets=[tickets[0]],
    )
    users = {
        "official": official,
        "staff": make_user(Role.DEPARTMENT_STAFF, unit=department, password=PASSWORD),
        "operator": make_user(Role.OPERATOR, password=PASSWORD),
        "dispatcher": dispatcher,
        "leader": make_user(Role.LEADER, password=PASSWORD),
    }
    return FieldCity(street=street, department=department, ticket=tickets[0], whistle=whistle, users=users)


def sign_in_as(page, user) -> None:
    """Signs whoever is signed in on this page out, then ``user`` in through the login form."""
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
