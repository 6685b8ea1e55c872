"""The router's codes in words: which rule placed a ticket and what it found, as pages and the API
(``*_display`` fields) show them. One mapping; the router itself keeps writing its codes."""

from django.utils.translation import gettext_lazy as _

from units.models import Unit
from units.selectors import unit_label

RULE_LABELS = {
    "territory": _("by the place named"),
    "responsibility": _("by the departments' responsibility list"),
    "category_department": _("by the category's department"),
    "fallback_district": _("to the district, the street being unclear"),
    "nothing_known": _("nothing known: dispatch by hand"),
}
EVIDENCE_LABELS = {
    "text": _("Place named"),
    "alias": _("Local name"),
    "coordinates": _("Location point"),
    "polygon": _("Inside the street's boundary"),
    "rule": _("Routing rule"),
    "responsibility": _("Responsibility list"),
    "category_department": _("Category's department"),
    "conflict": _("Location and text disagree"),
}


def rule_label(rule: str) -> str:
    """``rule:12`` → "routing rule no. 12"; a known code → its words; "—" for none."""
    if not rule:
        return "—"
    if rule.startswith("rule:"):
        return str(_("routing rule no. %(number)s") % {"number": rule.partition(":")[2]})
    return str(RULE_LABELS.get(rule, rule))


def evidence_label(kind: str) -> str:
    return str(EVIDENCE_LABELS.get(kind, kind))


def candidate_labels(decisions) -> dict[str, str]:
    """Code → "八里庄街道（朝阳区）" for every candidate of these decisions, in one query."""
    codes = {c.get("unit_code") for d in decisions if d for c in d.candidates or () if c.get("unit_code")}
    units = Unit.objects.filter(code__in=codes).select_related("parent__parent")
    return {unit.code: unit_label(unit) for unit in units}
