"""Who sees which whistles, and how a user stands towards one. One place for pages and API alike:
a street sees its own whistles; a department those it is summoned to; a district supervisor (or a
district leader) the whistles of the district's streets and those summoning the district's
departments — each the units in their reach (``units_in_reach``); city leaders and administrators
all. Everyone else sees none (404)."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Membership, Role
from accounts.selectors import leads_the_city, units_in_reach, user_roles
from dispatch.selectors import lead_assignment
from hotline.selectors.tickets import visible_tickets
from streets.models import Summons, Whistle, WhistleEvent, WhistlePhoto
from streets.whistle_states import DEPARTMENT, STREET
from units.models import Unit

STREET_ROLES = (Role.STREET_OFFICIAL,)
DEPARTMENT_ROLES = (Role.DEPARTMENT_STAFF,)


def _memberships(user):
    return Membership.objects.filter(user=user, unit__is_active=True)


def visible_whistles(user) -> QuerySet[Whistle]:
    whistles = Whistle.objects.select_related("street", "street__parent", "domain", "blown_by")
    roles = user_roles(user)
    if not roles:
        return whistles.none()
    if Role.ADMINISTRATOR in roles or leads_the_city(user):
        return whistles
    reach = units_in_reach(user)
    if not reach:
        return whistles.none()
    summoned = Summons.objects.filter(whistle=OuterRef("pk"), department_id__in=reach)
    return whistles.filter(Q(street_id__in=reach) | Exists(summoned))


def visible_whistle_photos(user) -> QuerySet[WhistlePhoto]:
    """The photos of the whistles the user sees; and the check-in photos (a department's proof of
    being on site) of whistles blown for a ticket the user sees, which the hotline shows at callback."""
    linked = Whistle.tickets.through.objects.filter(
        whistle_id=OuterRef("whistle_id"), ticket_id__in=visible_tickets(user).values("pk")
    )
    return WhistlePhoto.objects.filter(
        Q(whistle__in=visible_whistles(user).values("pk")) | Q(Exists(linked), summons__isnull=False)
    )


def whistle_detail(user, pk: int) -> Whistle:
    """The whistle with its summonses, their reports, ratings and events; 404 if not visible."""
    summonses = Summons.objects.select_related("department", "rating", "acknowledged_by", "arrived_by")
    return get_object_or_404(
        visible_whistles(user).prefetch_related(
            Prefetch("summonses", queryset=summonses.prefetch_related("reports", "alerts", "photos")),
            Prefetch("events", queryset=WhistleEvent.objects.select_related("actor", "unit", "summons")),
            "tickets",
            "photos",
        ),
        pk=pk,
    )


def whistle_standings(user, whistle: Whistle) -> frozenset[str]:
    """STREET for the whistling street's officials."""
    acts = _memberships(user).filter(unit_id=whistle.street_id, role__in=STREET_ROLES).exists()
    return frozenset({STREET} if acts else ())


def summons_standings(user, summons: Summons) -> frozenset[str]:
    """DEPARTMENT for the summoned department's staff."""
    acts = _memberships(user).filter(unit_id=summons.department_id, role__in=DEPARTMENT_ROLES).exists()
    return frozenset({DEPARTMENT} if acts else ())


def whistling_streets(user) -> QuerySet[Unit]:
    """The streets the user may blow the whistle for: their own, if they hold the whistle permission
    (``streets.blow_whistle``, given in the admin to a street's leaders and the officials they
    choose, directly or through a group)."""
    if not (user.is_active and user.has_perm("streets.blow_whistle")):
        return Unit.objects.none()
    streets = _memberships(user).filter(role=Role.STREET_OFFICIAL, unit__kind=Unit.Kind.STREET)
    return Unit.objects.filter(pk__in=streets.values("unit_id"), is_active=True).order_by("code")


def department_board(user) -> QuerySet[Summons]:
    """Open summonses of the user's departments, the most pressing first (for the board)."""
    departments = _memberships(user).filter(role__in=DEPARTMENT_ROLES).values("unit_id")
    return (
        Summons.objects.filter(department_id__in=departments, whistle__status=Whistle.Status.OPEN)
        .exclude(status=Summons.Status.DONE)
        .select_related("whistle", "whistle__street", "whistle__domain", "department")
        .order_by("arrive_due", "pk")
    )


def ticket_street_ids(ticket) -> list[int]:
    """The units a ticket is placed in, most certain first, for preselecting the whistling street:
    its lead unit in force (and that unit's parent, for a community), then the router's proposal."""
    ids = []
    lead = lead_assignment(ticket)
    if lead is not None:
        ids += [lead.unit_id, lead.unit.parent_id]
    decision = ticket.routing_decisions.select_related("lead_unit").first()
    if decision is not None and decision.lead_unit is not None:
        ids += [decision.lead_unit_id, decision.lead_unit.parent_id]
    return [pk for pk in ids if pk is not None]
