"""Reads of the two front doors: the short category list, who may report for which unit, a grid
worker's own reports and a leader's own items with each unit's answer."""

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from accounts.models import Role
from accounts.selectors import units_to_pick, user_units
from dispatch.models import Assignment
from dispatch.services import DISPATCHABLE_KINDS
from fieldreports.models import FieldReport, LeaderItem, QuickCategory
from hotline.models import Category, RequestType, TicketEvent
from units.models import Unit

# Who files a one-tap report: grid workers (网格员), and street chiefs (街巷长) as street officials.
REPORTERS = (Role.GRID_WORKER, Role.STREET_OFFICIAL)
# Who gives items (交办).
ITEM_GIVERS = (Role.LEADER,)


@dataclass(frozen=True)
class QuickChoice:
    category: Category
    request_type: RequestType


def quick_choices() -> list[QuickChoice]:
    """The short list in its order: rows whose category and request type exist and are active."""
    rows = list(QuickCategory.objects.filter(is_active=True))
    categories = Category.objects.filter(is_active=True).in_bulk(
        [row.category_code for row in rows], field_name="code"
    )
    types = RequestType.objects.filter(is_active=True).in_bulk(
        [row.request_type_code for row in rows], field_name="code"
    )
    return [
        QuickChoice(categories[row.category_code], types[row.request_type_code])
        for row in rows
        if row.category_code in categories and row.request_type_code in types
    ]


def reporting_units(user) -> QuerySet[Unit]:
    """The units a user reports for (their street or community), in code order."""
    return user_units(user, *REPORTERS).order_by("code")


def reports_of(user) -> QuerySet[FieldReport]:
    """A reporter's own reports, newest first, with their tickets' states — nobody else's."""
    return FieldReport.objects.filter(reporter=user).select_related("ticket", "ticket__category", "unit")


def item_units(user) -> QuerySet[Unit]:
    """The units a leader may give an item to: the dispatchable units in their reach."""
    return units_to_pick(user, kinds=DISPATCHABLE_KINDS).order_by("kind", "code")


ANSWERS = ("reply", "cannot_solve", "report")


def items_of(user) -> QuerySet[LeaderItem]:
    """A leader's own items, newest first, each with its units' orders and their answers (the
    replies' texts) — three queries for the page, whatever its length."""
    answers = TicketEvent.objects.filter(action__in=ANSWERS).order_by("-at", "-pk")
    orders = Assignment.objects.select_related("unit").prefetch_related(
        Prefetch("events", queryset=answers, to_attr="answers")
    )
    return (
        LeaderItem.objects.filter(leader=user)
        .select_related("ticket", "ticket__category", "source_ticket")
        .prefetch_related(Prefetch("ticket__assignments", queryset=orders))
    )
