from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from dispatch.decision_words import evidence_label, rule_label
from dispatch.services import DISPATCHABLE_KINDS
from units.models import Unit

register = template.Library()


@register.filter
def highlight(text: str, decision) -> str:
    """The text, escaped, with the phrases the router used as evidence wrapped in <mark>."""
    phrases = sorted(
        {item.get("phrase") for item in (decision.evidence if decision else []) if item.get("phrase")},
        key=len,
        reverse=True,
    )
    text = text or ""
    pieces, position = [], 0
    while position < len(text):
        hit = next((p for p in phrases if text.startswith(p, position)), None)
        if hit:
            pieces.append(format_html("<mark>{}</mark>", hit))
            position += len(hit)
        else:
            pieces.append(escape(text[position]))
            position += 1
    return mark_safe("".join(pieces))  # noqa: S308 - every piece above is escaped


@register.filter
def rule_words(rule: str) -> str:
    """The rule that placed a ticket, in words (dispatch.decision_words)."""
    return rule_label(rule)


@register.filter
def evidence_words(kind: str) -> str:
    return evidence_label(kind)


@register.filter
def candidate_label(candidate: dict, labels: dict) -> str:
    """A candidate with its district ("八里庄街道（朝阳区）"), from ``candidate_labels``."""
    return labels.get(candidate.get("unit_code"), candidate.get("unit_name", ""))


# What each kind of picker lists: units a ticket may be dispatched (or returned) to, and the
# departments and enterprises a whistle summons.
PICKER_KINDS = {
    "dispatch": sorted(DISPATCHABLE_KINDS),
    "summon": [Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE],
}


@register.simple_tag
def unit_picker(purpose: str) -> str:
    """The search URL a picker input carries in ``data-picker`` (static/js/picker.js)."""
    return reverse("api:unit-pick") + "?" + urlencode([("kind", kind) for kind in PICKER_KINDS[purpose]])
