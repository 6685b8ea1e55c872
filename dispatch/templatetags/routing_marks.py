from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

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
