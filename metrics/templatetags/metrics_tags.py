from django import template

from metrics.board import percent, rounded

register = template.Library()


@register.filter
def pct(value):
    """A 0–1 figure as the percentage shown everywhere (the exports use the same function)."""
    shown = percent(value)
    return "—" if shown is None else shown


@register.filter
def two_places(value):
    shown = rounded(value)
    return "—" if shown is None else shown
