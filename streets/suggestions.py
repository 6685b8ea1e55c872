"""Whom to summon: from the linked tickets' categories through the department responsibility list,
preferring the departments of the whistling street's district (the municipal one where the district
has none). The official may add any department, of any district."""

from dataclasses import dataclass, field

from dispatch.router import responsible_departments
from hotline.models import Ticket
from units.models import Unit


@dataclass
class Suggestion:
    department: Unit
    categories: list[str] = field(default_factory=list)  # why: the categories that call for it


def departments_suggest(*, street: Unit, tickets: list[Ticket]) -> list[Suggestion]:
    district = street.parent if street.parent and street.parent.kind == Unit.Kind.DISTRICT else None
    found: dict[int, Suggestion] = {}
    categories = {ticket.category_id: ticket.category for ticket in tickets if ticket.category_id}
    for category in categories.values():
        for unit in responsible_departments(category, district):
            found.setdefault(unit.pk, Suggestion(unit)).categories.append(category.display_name)
    return list(found.values())
