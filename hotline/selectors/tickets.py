"""Which tickets a user may see — one function, used by every page and API — and how the caller
appears to them."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from accounts.models import Role
from accounts.selectors import leads_the_city, units_in_reach, user_roles, user_units
from hotline.caller import phone_mask
from hotline.models import Attachment, Ticket
from hotline.ticket_states import HOTLINE

CITY_WIDE = HOTLINE | {Role.ADMINISTRATOR}


def visible_tickets(user) -> QuerySet[Ticket]:
    """Hotline and administrators see every ticket; a leader the city's or their district's; a
    district supervisor those dispatched within the district; a street official or department
    staff those dispatched to their own units; sub-unit staff (a community, station or section)
    those their unit has been handed down (二次派单). Everything else answers 404."""
    roles = user_roles(user)
    tickets = Ticket.objects.select_related("request_type", "category")
    if not roles:
        return tickets.none()
    if not roles.isdisjoint(CITY_WIDE):
        return tickets
    if leads_the_city(user):
        return tickets
    # A semi-join on the orders' (unit, ticket) index: the planner either walks the tickets newest
    # first and probes it, or collects the units' tickets from it, whichever the page needs.
    orders = Ticket._meta.get_field("assignments").related_model.objects  # hotline imports no dispatch
    assigned_here = orders.filter(unit_id__in=units_in_reach(user)).values("ticket_id")
    if Role.SUB_UNIT_STAFF not in roles:
        return tickets.filter(pk__in=assigned_here)
    sub_units = user_units(user, Role.SUB_UNIT_STAFF).values("pk")
    handed_here = orders.filter(sub_orders__sub_unit__in=sub_units).values("ticket_id")
    return tickets.filter(Q(pk__in=assigned_here) | Q(pk__in=handed_here))


@dataclass(frozen=True)
class CallerView:
    name: str
    phone: str
    anonymous: bool
    hidden: bool
    can_reveal: bool


def may_reveal_phone(user) -> bool:
    """Whether the user may see a caller's full number (each reveal is logged) and so look tickets
    up by it: the hotline's roles only."""
    return not user_roles(user).isdisjoint(HOTLINE)


def caller_view(user, ticket: Ticket) -> CallerView:
    """Everyone sees a masked phone; hotline users may reveal it (logged). A confidential caller
    is hidden entirely from everyone outside the hotline."""
    hotline = may_reveal_phone(user)
    if ticket.confidential and not hotline:
        return CallerView(name="", phone="", anonymous=ticket.caller_anonymous, hidden=True, can_reveal=False)
    return CallerView(
        name=ticket.caller_name,
        phone=phone_mask(ticket.caller_phone),
        anonymous=ticket.caller_anonymous,
        hidden=False,
        can_reveal=hotline and bool(ticket.caller_phone),
    )


def visible_attachments(user) -> QuerySet[Attachment]:
    """The attachments of the tickets the user may see."""
    return Attachment.objects.filter(ticket__in=visible_tickets(user).values("pk"))
