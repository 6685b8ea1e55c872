"""The ``benchmark_pages`` command's work: on a database that already holds a month of orders
(``manage.py benchmark_metrics --keep`` makes 2,000,000), find the busiest street, make or find one
user per role the pages need, and time each page of ``PAGES`` as that user.

``PAGES`` is the registry: one ``Page`` per line, a label, the role it is read as and a function
from the ``Scene`` (the busiest street, the month, its most frequent category) to the URL. A page
added to the benchmark is one more line there.

The baseline scene is the same pages for the street with the fewest orders (none, where one has
none) and a month with no tickets: what the pages cost when the rows asked for are few."""

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import urlencode

from django.db import transaction
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from accounts.models import Role, User
from accounts.services import membership_grant, user_upsert
from benchmarks.timing import Timing, time_page
from dispatch.models import Assignment
from hotline.models import Ticket
from metrics.periods import month_bounds
from units.models import Unit

PASSWORD = "benchmark-pages-12345"  # noqa: S105 - a throwaway user on a benchmark database
USERNAMES = {Role.STREET_OFFICIAL: "bench_pages_street", Role.DISPATCHER: "bench_pages_dispatcher"}


@dataclass(frozen=True)
class Scene:
    """What the pages are asked about: a street, a month and a category."""

    street: Unit
    month: date
    category_code: str
    street_orders: int = 0
    month_tickets: int = 0


@dataclass(frozen=True)
class Page:
    label: str
    role: Role
    url: Callable[[Scene], str]


def _month_query(scene: Scene, **extra) -> str:
    start, end = month_bounds(scene.month)
    return urlencode({**extra, "received_after": start.isoformat(), "received_before": end.isoformat()})


PAGES: list[Page] = [
    Page("inbox, busiest street", Role.STREET_OFFICIAL, lambda scene: "/inbox/"),
    Page("ticket API, busiest street", Role.STREET_OFFICIAL, lambda scene: "/api/v1/tickets/"),
    Page(
        "ticket API, category + month",
        Role.DISPATCHER,
        lambda scene: "/api/v1/tickets/?" + _month_query(scene, category=scene.category_code),
    ),
    Page(
        "ticket API keyset, category + month",
        Role.DISPATCHER,
        lambda scene: "/api/v1/tickets/?" + _month_query(scene, category=scene.category_code, cursor=""),
    ),
    Page("inbox, city-wide (dispatcher)", Role.DISPATCHER, lambda scene: "/inbox/"),
    Page("dispatch queue", Role.DISPATCHER, lambda scene: "/hotline/queue/"),
    Page("returns and extensions", Role.DISPATCHER, lambda scene: "/hotline/requests/"),
    Page("whistle list, busiest street", Role.STREET_OFFICIAL, lambda scene: "/streets/whistles/"),
]


def busiest_scene() -> Scene:
    """The street with the most orders, the month of the newest ticket and that month's most
    frequent category (one grouping over the month, once per run)."""
    top = (
        Assignment.objects.filter(unit__kind=Unit.Kind.STREET)
        .values("unit_id")
        .annotate(orders=Count("id"))
        .order_by("-orders", "unit_id")
        .first()
    )
    newest = Ticket.objects.order_by("-received_at").only("received_at").first()
    if top is None or newest is None:
        raise LookupError("no street has orders here: make them first (manage.py benchmark_metrics --keep)")
    month = timezone.localdate(newest.received_at).replace(day=1)
    start, end = month_bounds(month)
    category = (
        Ticket.objects.filter(received_at__gte=start, received_at__lt=end)
        .values("category__code")
        .annotate(tickets=Count("id"))
        .order_by("-tickets")
        .first()
    )
    return Scene(
        street=Unit.objects.get(pk=top["unit_id"]),
        month=month,
        category_code=category["category__code"],
        street_orders=top["orders"],
        month_tickets=category["tickets"],
    )


def baseline_scene(scene: Scene) -> Scene | None:
    """The same questions with little to find: the street with the fewest orders (none, where one
    has none) and the month before the oldest ticket. None when there is no other street."""
    streets = Unit.objects.filter(kind=Unit.Kind.STREET, is_active=True).exclude(pk=scene.street.pk)
    idle = streets.exclude(pk__in=Assignment.objects.values("unit_id")).order_by("code").first()
    orders = 0
    if idle is None:
        quietest = (
            Assignment.objects.filter(unit__in=streets)
            .values("unit_id")
            .annotate(orders=Count("id"))
            .order_by("orders", "unit_id")
            .first()
        )
        if quietest is None:
            return None
        idle, orders = Unit.objects.get(pk=quietest["unit_id"]), quietest["orders"]
    oldest = Ticket.objects.order_by("received_at").only("received_at").first()
    empty_month = (timezone.localdate(oldest.received_at).replace(day=1) - date.resolution).replace(day=1)
    return replace(scene, street=idle, month=empty_month, street_orders=orders, month_tickets=0)


@transaction.atomic
def scene_users(scene: Scene, *, prefix: str = "") -> dict[Role, User]:
    """One user per role of ``PAGES``: a street official of the scene's street, a dispatcher of the
    hotline. Made once, found again on the next run (the street official's street is set anew)."""
    hotline = Unit.objects.filter(kind=Unit.Kind.HOTLINE, is_active=True).order_by("pk").first()
    if hotline is None:
        raise LookupError("no hotline unit here: load the divisions (manage.py load_divisions)")
    street_official = user_upsert(
        username=prefix + USERNAMES[Role.STREET_OFFICIAL], full_name="基准测试街道", password=PASSWORD
    )
    street_official.memberships.filter(role=Role.STREET_OFFICIAL).exclude(unit=scene.street).delete()
    membership_grant(user=street_official, unit=scene.street, role=Role.STREET_OFFICIAL)
    dispatcher = user_upsert(
        username=prefix + USERNAMES[Role.DISPATCHER], full_name="基准测试派单员", password=PASSWORD
    )
    membership_grant(user=dispatcher, unit=hotline, role=Role.DISPATCHER)
    return {Role.STREET_OFFICIAL: street_official, Role.DISPATCHER: dispatcher}


def time_pages(scene: Scene, users: dict[Role, User], *, count: int, pages=None):
    """Each page ``count`` times as its role's user, through Django's whole request stack; yields
    each page's timing as soon as it is measured."""
    clients = {}
    for role, user in users.items():
        clients[role] = Client(SERVER_NAME="localhost")
        clients[role].force_login(user)
    for page in PAGES if pages is None else pages:
        yield time_page(page.label, clients[page.role], page.url(scene), count=count)


def benchmark(*, count: int, baseline: bool, out: Callable[[str], None]) -> list[Timing]:
    scene = busiest_scene()
    out(
        f"busiest street {scene.street.code} {scene.street.name}: {scene.street_orders} orders; "
        f"month {scene.month:%Y-%m}, category {scene.category_code}: {scene.month_tickets} tickets"
    )
    timings = []
    for timing in time_pages(scene, scene_users(scene), count=count):
        out(timing.line())
        timings.append(timing)
    if baseline:
        empty = baseline_scene(scene)
        if empty is None:
            out("baseline: no other street; skipped")
            return timings
        out(
            f"baseline: street {empty.street.code} with {empty.street_orders} orders, "
            f"month {empty.month:%Y-%m} without tickets"
        )
        for timing in time_pages(empty, scene_users(empty, prefix="idle_"), count=count):
            out("baseline " + timing.line())
            timings.append(timing)
    return timings
