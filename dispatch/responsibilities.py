"""The default 部门职责清单, derived from the category tree: every departmental leaf is led by the
department kind the tree names — a utility city-wide, any other by the district's own department.
A city then refines it in the admin (district-specific lines, assisting departments)."""

from django.db import transaction

from dispatch.models import ResponsibilityEntry
from dispatch.routing.reference import routing_reference_changed
from hotline.models import Category


@transaction.atomic
def responsibilities_from_categories() -> tuple[int, int]:
    """→ (created, unchanged). Existing city-wide lines are left as the city edited them."""
    existing = set(
        ResponsibilityEntry.objects.filter(district__isnull=True).values_list("category_id", flat=True)
    )
    leaves = Category.objects.filter(
        level=3, is_active=True, matter=Category.Matter.DEPARTMENTAL, department_kind__isnull=False
    ).select_related("department_kind")
    new = [
        ResponsibilityEntry(
            category=leaf,
            lead_kind=leaf.department_kind,
            level=ResponsibilityEntry.Level.CITY
            if leaf.department_kind.is_utility
            else ResponsibilityEntry.Level.DISTRICT,
        )
        for leaf in leaves
        if leaf.pk not in existing
    ]
    ResponsibilityEntry.objects.bulk_create(new)
    if new:
        routing_reference_changed()  # bulk_create sends no signal
    return len(new), len(existing)
