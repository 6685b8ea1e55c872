"""The analysis page — daily bulletin, weekly summary, monthly analysis — and the tickets behind an
early warning. For leaders, district supervisors, dispatchers and administrators; a district's
supervisor (or leader) sees their district's figures only, the others the whole city. Charts are
server-side SVG or plain HTML: no script, no CDN."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.permissions import ANALYSTS, RoleRequiredMixin
from api.bounds import validate_in_date_window
from hotline.models import Category
from hotline.selectors.tickets import visible_tickets
from metrics.analyses import (
    PeriodKind,
    StreetLine,
    analysis_districts,
    period_of,
    week_start_of,
)
from metrics.analysis_counts import counts_figures
from metrics.analysis_figures import period_figures
from metrics.analysis_maps import period_maps
from metrics.district_map import BEIJING, district_map_svg
from metrics.early_warning import (
    DEFAULT_MIN_COUNT,
    DEFAULT_SIGMA,
    DEFAULT_WEEKS,
    SD_FLOOR,
    cached_early_warnings,
    pair_assessment,
    warning_tickets,
)
from metrics.periods import month_of
from metrics.trend import TrendPoint, monthly_trend
from units.models import Unit

TREND_MONTHS = 12
HUNDREDTH = Decimal("0.01")

# ?sort= keys of the street table → (column heading, attribute of StreetLine)
STREET_COLUMNS = {
    "code": (gettext_lazy("Code"), "code"),
    "name": (gettext_lazy("Street / township"), "name"),
    "tickets": (gettext_lazy("Tickets"), "tickets"),
    "response": (gettext_lazy("Response rate"), "response_rate"),
    "resolution": (gettext_lazy("Resolution rate"), "resolution_rate"),
    "satisfaction": (gettext_lazy("Satisfaction rate"), "satisfaction_rate"),
    "composite": (gettext_lazy("Composite score"), "composite"),
}
RATE_ATTRIBUTES = ("response_rate", "resolution_rate", "satisfaction_rate", "composite")
DEFAULT_SORT = "-tickets"
SORT_CHOICES = [(key, key) for column in STREET_COLUMNS for key in (column, f"-{column}")]
VOLUME_CHARTS = (
    ("channel", gettext_lazy("By channel")),
    ("request_type", gettext_lazy("By request type")),
    ("category", gettext_lazy("By category (level 1)")),
)

# ?section= → its tab. One section is shown at a time and only its figures are read: a whole city's
# street table, map, trend and warnings on one page made it 16,000 px tall.
SECTIONS = (
    ("overview", gettext_lazy("Overview")),
    ("map", gettext_lazy("Map")),
    ("counts", gettext_lazy("Not dispatched, returns, whistles")),
    ("streets", gettext_lazy("Streets and townships")),
    ("trend", gettext_lazy("Monthly trend")),
    ("warnings", gettext_lazy("Early warnings")),
)
DEFAULT_SECTION = "overview"
FIGURE_SECTIONS = {"overview", "map", "streets"}  # those drawn from period_figures
# Streets listed before "show all": a city has hundreds; the first few by the chosen order say most.
STREETS_SHOWN = 30


class AnalysisQuery(forms.Form):
    """The page's query string; a value that does not parse falls back to its default."""

    period = forms.ChoiceField(choices=PeriodKind.choices, required=False)
    date = forms.DateField(required=False, input_formats=["%Y-%m-%d"], validators=[validate_in_date_window])
    district = forms.CharField(required=False, max_length=32)
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False)
    section = forms.ChoiceField(choices=SECTIONS, required=False)
    streets = forms.ChoiceField(choices=[("all", "all")], required=False)

    def value(self, name: str):
        self.is_valid()
        return self.cleaned_data.get(name) or None


def percent(rate: Decimal | None) -> Decimal | None:
    """A rate (0–1) as the percentage shown, two places: 0.857143 → 85.71."""
    return None if rate is None else (rate * 100).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def sort_streets(lines: list[StreetLine], sort: str) -> list[StreetLine]:
    """By a STREET_COLUMNS key, descending with a leading "-"; lines without the figure last, by
    code; ties by code."""
    attribute = STREET_COLUMNS[sort.lstrip("-")][1]
    by_code = sorted(lines, key=lambda line: line.code)
    known = [line for line in by_code if getattr(line, attribute) is not None]
    unknown = [line for line in by_code if getattr(line, attribute) is None]
    return sorted(known, key=lambda line: getattr(line, attribute), reverse=sort.startswith("-")) + unknown


@dataclass(frozen=True)
class TrendChart:
    width: int
    height: int
    points: str  # for <polyline points=…>
    dots: list[dict]
    top: int  # the largest count, at the top of the chart
    baseline: float


def trend_chart(
    points: list[TrendPoint], *, width: int = 640, height: int = 180, pad: int = 30
) -> TrendChart:
    """The monthly ticket counts as polyline coordinates (server-side SVG)."""
    top = max((point.tickets for point in points), default=0) or 1
    step = (width - 2 * pad) / max(len(points) - 1, 1)
    dots = [
        {
            "x": round(pad + n * step, 1),
            "y": round(height - pad - point.tickets / top * (height - 2 * pad), 1),
            "month": point.month,
            "tickets": point.tickets,
        }
        for n, point in enumerate(points)
    ]
    return TrendChart(
        width=width,
        height=height,
        points=" ".join(f"{dot['x']},{dot['y']}" for dot in dots),
        dots=dots,
        top=top,
        baseline=height - pad,
    )


def rule_text() -> str:
    return _(
        "A street and category are flagged when this week's tickets reach at least %(min_count)s and "
        "exceed the mean of the previous %(weeks)s weeks by more than %(sigma)s standard deviations "
        "(sample standard deviation of the weekly counts, zero weeks included, taken as at least "
        "%(floor)s)."
    ) % {
        "min_count": DEFAULT_MIN_COUNT,
        "weeks": DEFAULT_WEEKS,
        "sigma": f"{DEFAULT_SIGMA:g}",
        "floor": f"{SD_FLOOR:g}",
    }


def district_asked(code: str | None, allowed) -> Unit | None:
    """The district shown: the one asked for if the user may read it (404 otherwise); for a
    district's supervisor without one asked, their first district; None: the whole city."""
    if code is None:
        if allowed is None:
            return None
        district = allowed.first()
        if district is None:
            raise Http404
        return district
    candidates = Unit.objects.filter(kind=Unit.Kind.DISTRICT) if allowed is None else allowed
    return get_object_or_404(candidates, code=code)


class AnalysisView(RoleRequiredMixin, TemplateView):
    """?period=day|week|month&date=YYYY-MM-DD (default: today's day, week or month), &district=<code>
    for city-wide readers, &sort=<column> or -<column> for the street table."""

    required_roles = ANALYSTS
    template_name = "metrics/analysis.html"

    def get_context_data(self, **kwargs):
        query = AnalysisQuery(self.request.GET)
        if not query.is_valid():
            for problems in query.errors.values():
                messages.warning(self.request, " ".join(problems))
        kind = query.value("period") or PeriodKind.DAY
        period = period_of(kind, query.value("date") or timezone.localdate())
        sort = query.value("sort") or DEFAULT_SORT
        allowed = analysis_districts(self.request.user)
        district = self._district(query.value("district"), allowed)
        base = {"period": period.kind, "date": period.first_day.isoformat()}
        if district is not None:
            base["district"] = district.code
        if sort != DEFAULT_SORT:
            base["sort"] = sort

        def link(**changes) -> str:
            return "?" + urlencode(
                {key: value for key, value in {**base, **changes}.items() if value is not None}
            )

        section = query.value("section") or DEFAULT_SECTION
        if section != DEFAULT_SECTION:
            base["section"] = section
        if query.value("streets") == "all":
            base["streets"] = "all"
        context = {
            "period": period,
            "period_label": PeriodKind(period.kind).label,
            "period_kinds": PeriodKind.choices,
            "period_links": [(value, label, link(period=value)) for value, label in PeriodKind.choices],
            "previous_link": link(date=period_of(period.kind, period.previous_day).first_day.isoformat()),
            "next_link": link(date=period.next_day.isoformat()),
            "district": district,
            "district_choices": self._district_choices(allowed),
            "city_wide": allowed is None,
            "section": section,
            "sections": [
                (key, label, link(section=None if key == DEFAULT_SECTION else key)) for key, label in SECTIONS
            ],
        }
        if section in FIGURE_SECTIONS:
            figures = period_figures(period, district=district)
            context["figures_computed_at"] = figures.computed_at
        if section == "overview":
            context.update(self._overview(figures))
        elif section == "map":
            districts = lambda: self._map(figures.district_volumes, allowed, link)  # noqa: E731
            context.update(period_maps(period, figures, district, district_map=districts))
        elif section == "counts":
            context["counts"] = counts_figures(start=period.start, end=period.end, district=district)
        elif section == "streets":
            context.update(self._streets(figures, sort, link, every="streets" in base))
        elif section == "trend":
            context.update(self._trend(period, district))
        else:
            context.update(self._warnings(period, district, allowed))
        return super().get_context_data(**context, **kwargs)

    def _overview(self, figures) -> dict:
        categories = figures.top_categories
        return {
            "volumes": [
                (title, rows, max((row.count for row in rows), default=0))
                for field, title in VOLUME_CHARTS
                for rows in [figures.volumes[field]]
            ],
            "top_categories": categories,
            "top_categories_max": max((row.count for row in categories), default=0),
            "top_addresses": figures.top_addresses,
            "proactive": figures.proactive,
        }

    def _streets(self, figures, sort: str, link, *, every: bool) -> dict:
        lines = sort_streets(figures.streets, sort)
        shown = lines if every else lines[:STREETS_SHOWN]
        return {
            "streets": [
                {
                    "line": line,
                    "figures": [percent(getattr(line, attribute)) for attribute in RATE_ATTRIBUTES],
                }
                for line in shown
            ],
            "streets_total": len(lines),
            "streets_all_link": link(streets="all") if len(shown) < len(lines) else None,
            "street_headers": [
                (
                    label,
                    link(sort=f"-{key}" if sort != f"-{key}" else key),
                    "desc" if sort == f"-{key}" else "asc" if sort == key else "",
                )
                for key, (label, _attribute) in STREET_COLUMNS.items()
            ],
        }

    def _trend(self, period, district) -> dict:
        trend = monthly_trend(months=TREND_MONTHS, end_month=month_of(period.first_day), unit=district)
        return {
            "trend": [
                (point, [percent(getattr(point, attribute)) for attribute in RATE_ATTRIBUTES])
                for point in trend
            ],
            "trend_chart": trend_chart(trend),
            "trend_has_rates": any(
                point.composite is not None or point.response_rate is not None for point in trend
            ),
        }

    def _warnings(self, period, district, allowed) -> dict:
        # The week of the period's last day — or of today, while the period is running.
        week_start = week_start_of(min(period.last_day, timezone.localdate()))
        warnings = cached_early_warnings(week_start=week_start)
        if district is not None:
            warnings = [warning for warning in warnings if warning.street.parent_id == district.pk]
        elif allowed is not None:
            warnings = []
        return {
            "warning_week_start": week_start,
            "warnings": [
                (
                    warning,
                    reverse(
                        "metrics:analysis-warning-tickets",
                        args=[warning.street.pk, warning.category.pk, week_start.isoformat()],
                    ),
                )
                for warning in warnings
            ],
            "warning_rule": rule_text(),
        }

    def _district(self, code: str | None, allowed) -> Unit | None:
        return district_asked(code, allowed)

    def _district_choices(self, allowed) -> list[Unit]:
        return list(
            Unit.objects.filter(kind=Unit.Kind.DISTRICT, is_active=True).order_by("code")
            if allowed is None
            else allowed
        )

    def _map(self, volumes: dict[int, int], allowed, link):
        districts = list(Unit.objects.filter(kind=Unit.Kind.DISTRICT).values_list("pk", "code"))
        shown = (
            {pk for pk, _code in districts} if allowed is None else set(allowed.values_list("pk", flat=True))
        )
        values = {code: volumes.get(pk, 0) for pk, code in districts if pk in shown}
        # The city's districts share the first four digits of their codes (1101xx in Beijing).
        prefixes = Counter(code[:4] for _pk, code in districts)
        return district_map_svg(
            values,
            label=_("Tickets received"),
            link=lambda code: link(district=code, section="streets") if code in values else None,
            area_prefix=prefixes.most_common(1)[0][0] if prefixes else BEIJING,
        )


def _monday(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise Http404 from None
    if day.weekday() != 0:
        raise Http404
    return day


class WarningTicketsView(RoleRequiredMixin, TemplateView):
    """The tickets behind one early warning: a street, a category, a week (its Monday). Only what
    the user may see: a street outside their territory answers 404, and the list is cut to
    ``visible_tickets``."""

    required_roles = ANALYSTS
    template_name = "metrics/_analysis_warning_tickets.html"

    def get_context_data(self, **kwargs):
        week_start = _monday(self.kwargs["week_start"])
        allowed = analysis_districts(self.request.user)
        streets = Unit.objects.filter(kind=Unit.Kind.STREET)
        if allowed is not None:
            streets = streets.filter(parent__in=allowed)
        street = get_object_or_404(streets.select_related("parent"), pk=self.kwargs["street_id"])
        category = get_object_or_404(Category, pk=self.kwargs["category_id"])
        warning, flagged = pair_assessment(street=street, category=category, week_start=week_start)
        tickets = warning_tickets(warning, week_start).filter(
            pk__in=visible_tickets(self.request.user).values("pk")
        )
        context = super().get_context_data(**kwargs)
        context.update(
            street=street,
            category=category,
            warning=warning,
            flagged=flagged,
            week_start=week_start,
            week_end=week_start + timedelta(days=6),
            tickets=tickets,
            warning_rule=rule_text(),
            back=reverse("metrics:analysis-overview")
            + "?"
            + urlencode({"period": PeriodKind.WEEK, "date": week_start.isoformat()}),
        )
        return context
