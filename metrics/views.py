"""Leaders' pages: the ranking dashboard, the tickets behind a figure, the departments' double
assessment, exports, recompute, and appeals. Reads come from metrics.board / selectors, writes from
metrics.services; views only parse the request."""

from datetime import date

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.models import Role
from accounts.permissions import ANALYSTS, READERS, SCOPE_DECIDERS, RoleRequiredMixin
from accounts.selectors import user_has_role
from api.bounds import date_window, month_in_window
from hotline.selectors.tickets import visible_tickets
from metrics import services
from metrics.access import drillable_units
from metrics.analysis_views import trend_chart
from metrics.board import ranking_board
from metrics.computation import Rate, rate_assignments
from metrics.department_assessment import department_assessment
from metrics.early_warning import cached_early_warnings
from metrics.exports import as_csv, as_xlsx, board_table, department_table
from metrics.models import ASSESSED_KINDS, Appeal
from metrics.periods import month_bounds, month_of
from metrics.scope_selectors import pending_appeals, visible_appeals
from metrics.trend import monthly_trend
from supervision.selectors import SupervisedCounts, supervision_counts
from units.models import Unit

KIND_CHOICES = [(kind.value, kind.label) for kind in ASSESSED_KINDS]


def _month(request, *, strict: bool = False) -> date:
    """``?month=YYYY-MM`` (default: this month). A month that does not parse or lies outside the
    date window answers 400 where the request acts on it (``strict``: files, recomputing); a page
    shows this month instead, and says so."""
    value = request.GET.get("month", "")
    month = month_in_window(value)
    if month is not None:
        return month
    if value:
        first, last = date_window()
        problem = _("Give a month as YYYY-MM, from %(first)s to %(last)s.") % {
            "first": f"{first:%Y-%m}",
            "last": f"{last:%Y-%m}",
        }
        if strict:
            raise BadRequest(problem)
        messages.warning(request, problem)
    return month_of(timezone.localdate())


def _kind(request) -> str:
    kind = request.GET.get("kind", Unit.Kind.STREET)
    return kind if kind in dict(KIND_CHOICES) else Unit.Kind.STREET


def _version(request) -> int | None:
    value = request.GET.get("version", "")
    return int(value) if value.isascii() and value.isdigit() and len(value) < 10 else None


class DashboardView(RoleRequiredMixin, TemplateView):
    """领导看板: the month's ranking for one kind of unit (frozen if published, live otherwise), the
    early warnings of this week and the trend."""

    required_roles = READERS
    template_name = "metrics/dashboard.html"

    def get_context_data(self, **kwargs):
        month, kind = _month(self.request), _kind(self.request)
        try:
            board = ranking_board(month=month, unit_kind=kind, version=_version(self.request))
        except ValidationError as error:
            board, problem = None, " ".join(error.messages)
        else:
            problem = ""
        query = f"month={month:%Y-%m}&kind={kind}"
        if board and board.snapshot:
            query += f"&version={board.snapshot.version}"
        return super().get_context_data(
            month=month,
            kind=kind,
            kinds=KIND_CHOICES,
            board=board,
            problem=problem,
            query=query,
            tables=_tables(board, self.request.user, kind=kind, query=query, month=month) if board else [],
            may_recompute=self.request.user.is_superuser or _is_admin(self.request.user),
            may_analyse=_is_analyst(self.request.user),
            today_month=month_of(timezone.localdate()),
            trend_chart=trend_chart(monthly_trend(months=12, end_month=month)),
            **_extras(self.request.user),
            **kwargs,
        )


def _tables(board, user, *, kind: str, query: str, month: date) -> list[dict]:
    """Each ranking table with its ranked rows as (row, cells, supervision orders received and
    overdue in the month): a cell is (rate, shown figure, link to the tickets behind it or None).
    Built here, once per row, rather than by template tags per cell (349 streets: most of the page's
    time went to rendering); the supervision counts are one aggregate for every unit."""
    drillable = set(drillable_units(user).filter(kind=kind).values_list("pk", flat=True))
    rates = set(Rate.values)
    supervised = supervision_counts(month=month, unit_kind=kind)
    none = SupervisedCounts()

    def cells(row) -> list[tuple]:
        shown = row.shown
        return [
            (
                rate,
                shown[rate],
                f"{reverse('metrics:drilldown', args=[row.unit_id, rate])}?{query}"
                if row.unit_id in drillable
                else None,
            )
            for rate in shown
            if rate in rates
        ]

    return [
        {
            "table": table,
            "ranked": [(row, cells(row), supervised.get(row.unit_id, none)) for row in table.ranked],
        }
        for table in board.tables
    ]


def _is_admin(user) -> bool:
    return user_has_role(user, Role.ADMINISTRATOR)


def _is_analyst(user) -> bool:
    return user_has_role(user, *ANALYSTS)


def _extras(user) -> dict:
    """This week's early warnings for the dashboard, limited to the streets the user may look into."""
    today = timezone.localdate()
    week_start = date.fromordinal(today.toordinal() - today.weekday())
    warnings = cached_early_warnings(week_start=week_start)
    streets = set(drillable_units(user).filter(kind=Unit.Kind.STREET).values_list("pk", flat=True))
    return {"warnings": [w for w in warnings if w.street.pk in streets][:10], "week_start": week_start}


class RankingExportView(RoleRequiredMixin, View):
    required_roles = READERS

    def get(self, request, fmt):
        month, kind = _month(request, strict=True), _kind(request)
        try:
            board = ranking_board(month=month, unit_kind=kind, version=_version(request))
        except ValidationError as error:
            raise Http404(" ".join(error.messages)) from None
        header, rows = board_table(board)
        version = f"-v{board.snapshot.version}" if board.snapshot else "-live"
        name = f"ranking-{kind}-{month:%Y-%m}{version}"
        return _file(fmt, header, rows, name, title=f"{month:%Y-%m} {Unit.Kind(kind).label}")


def _file(fmt: str, header, rows, name: str, *, title: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(as_csv(header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            as_xlsx(header, rows, title=title),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


class DrilldownView(RoleRequiredMixin, TemplateView):
    """The tickets behind one unit's rate in a month: numerator and denominator, part by part."""

    required_roles = READERS
    template_name = "metrics/drilldown.html"

    def get_context_data(self, unit_pk, rate, **kwargs):
        unit = get_object_or_404(
            drillable_units(self.request.user).filter(kind__in=dict(KIND_CHOICES)), pk=unit_pk
        )
        if rate not in Rate.values:
            raise Http404
        month = _month(self.request)
        start, end = month_bounds(month)
        try:
            board = ranking_board(month=month, unit_kind=unit.kind, version=_version(self.request))
        except ValidationError as error:  # no scoring scheme for the month
            raise Http404(" ".join(error.messages)) from None
        row = next((row for row in board.rows if row.unit_id == unit.pk), None)
        as_of = board.snapshot.created_at if board.snapshot else None
        visible = visible_tickets(self.request.user).values("pk")
        parts = [
            (part, assignments.filter(ticket_id__in=visible).select_related("ticket", "ticket__category"))
            for part, assignments in rate_assignments(
                unit=unit, rate=rate, start=start, end=end, as_of=as_of
            ).items()
        ]
        return super().get_context_data(
            unit=unit,
            rate=Rate(rate),
            month=month,
            board=board,
            row=row,
            parts=parts,
            **kwargs,
        )


class DepartmentAssessmentView(RoleRequiredMixin, TemplateView):
    """双考核: departments on whistles as well as on the orders they lead."""

    required_roles = READERS
    template_name = "metrics/departments.html"

    def get_context_data(self, **kwargs):
        month = _month(self.request)
        kind = self.request.GET.get("kind", Unit.Kind.DEPARTMENT)
        kind = kind if kind in (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE) else Unit.Kind.DEPARTMENT
        try:
            ranked, unranked = department_assessment(month=month, unit_kind=kind)
            problem = ""
        except ValidationError as error:
            ranked, unranked, problem = [], [], " ".join(error.messages)
        return super().get_context_data(
            month=month, kind=kind, ranked=ranked, unranked=unranked, problem=problem, **kwargs
        )


class DepartmentExportView(RoleRequiredMixin, View):
    required_roles = READERS

    def get(self, request, fmt):
        month = _month(request, strict=True)
        kind = request.GET.get("kind", Unit.Kind.DEPARTMENT)
        kind = kind if kind in (Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE) else Unit.Kind.DEPARTMENT
        try:
            ranked, unranked = department_assessment(month=month, unit_kind=kind)
        except ValidationError as error:
            raise Http404(" ".join(error.messages)) from None
        header, rows = department_table(ranked, unranked)
        return _file(fmt, header, rows, f"whistle-assessment-{kind}-{month:%Y-%m}", title=f"{month:%Y-%m}")


class RecomputeView(RoleRequiredMixin, View):
    """An administrator recomputes a published month: a new version with its reason."""

    required_roles = (Role.ADMINISTRATOR,)

    def post(self, request):
        month, kind = _month(request, strict=True), _kind(request)
        try:
            snapshot = services.snapshot_recompute(
                month=month, unit_kind=kind, reason=request.POST.get("reason", ""), actor=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(f"{reverse('metrics:dashboard')}?month={month:%Y-%m}&kind={kind}")
        messages.success(request, _("Version %(version)s saved.") % {"version": snapshot.version})
        return redirect(
            f"{reverse('metrics:dashboard')}?month={month:%Y-%m}&kind={kind}&version={snapshot.version}"
        )


class AppealListView(RoleRequiredMixin, TemplateView):
    """申诉: units see their own; the hotline sees all and decides the pending ones."""

    required_roles = (
        Role.DISPATCHER,
        Role.ADMINISTRATOR,
        Role.STREET_OFFICIAL,
        Role.DEPARTMENT_STAFF,
        Role.DISTRICT_SUPERVISOR,
    )
    template_name = "metrics/appeals.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        return super().get_context_data(
            pending=pending_appeals(user),
            decided=visible_appeals(user).exclude(decision=Appeal.Decision.PENDING)[:100],
            may_decide=user_has_role(user, *SCOPE_DECIDERS),
            **kwargs,
        )


class AppealDecideView(RoleRequiredMixin, View):
    required_roles = (Role.DISPATCHER, Role.ADMINISTRATOR)

    def post(self, request, pk):
        appeal = get_object_or_404(visible_appeals(request.user), pk=pk)
        try:
            services.appeal_decide(
                appeal=appeal,
                actor=request.user,
                accept=request.POST.get("decision") == "accept",
                reason=request.POST.get("reason", ""),
            )
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
        else:
            messages.success(request, _("The appeal is decided."))
        return redirect("metrics:appeals")
