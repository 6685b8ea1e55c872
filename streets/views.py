"""The whistle pages: the list, the form to blow a whistle, one whistle with a timeline per summoned
department, and the street's steps on it. Reads go through ``streets.selectors`` (what is not
visible answers 404), writes through the services, which decide what each user may do."""

from dataclasses import dataclass, field
from datetime import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import Form
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import ListView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from core.pagination import CappedCountPaginator
from hotline.selectors.tickets import visible_tickets
from streets.forms import (
    WHISTLE_STATUS_LABELS,
    CheckinForm,
    CloseForm,
    EscalateForm,
    FinishForm,
    RateForm,
    RatingCommentForm,
    ReportForm,
    RewhistleForm,
    WhistleBlowForm,
    WhistleFilterForm,
    service_errors,
    summonable_units,
    tokens,
)
from streets.models import Summons, Whistle, WhistleDomain
from streets.selectors import (
    summons_standings,
    visible_whistles,
    whistle_detail,
    whistle_standings,
    whistling_streets,
)
from streets.services import whistle_blow, whistle_close, whistle_escalate, whistle_rate, whistle_rewhistle
from streets.suggestions import departments_suggest
from streets.whistle_states import (
    DEPARTMENT,
    SUMMONS_MOVES,
    WHISTLE_MOVES,
    WhistleForbidden,
    WhistleTransitionError,
    summons_actions,
    whistle_actions,
)
from units.models import Unit

WHISTLE_ROLES = (
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
    Role.DISTRICT_SUPERVISOR,
    Role.LEADER,
    Role.ADMINISTRATOR,
)
STEP_LABELS = {
    action: move.label for (_status, action), move in {**WHISTLE_MOVES, **SUMMONS_MOVES}.items()
} | {
    "blow": gettext_lazy("Blow the whistle"),
    "comment": gettext_lazy("Comment on the rating"),
    "comment_rating": gettext_lazy("Comment on the rating"),
}


def countdown_text() -> dict[str, str]:
    """The words static/js/countdown.js puts around a remaining time."""
    return {"left": _("left "), "over": _("overdue by "), "d": _("d "), "h": _("h "), "m": _("m")}


def whistle_url(pk: int, summons_pk: int | None = None) -> str:
    url = reverse("streets:whistle", args=[pk])
    return f"{url}#summons-{summons_pk}" if summons_pk else url


@dataclass
class Step:
    """One line of a department's timeline."""

    at: datetime
    kind: str
    label: str
    actor: object = None
    text: str = ""
    late: bool = False
    photos: list = field(default_factory=list)
    coordinates: tuple | None = None
    scores: dict | None = None


@dataclass
class SummonsBlock:
    """One summoned department on the whistle page, with the forms this user may submit for it."""

    summons: Summons
    actions: list[str]
    forms: dict[str, Form] = field(default_factory=dict)

    @property
    def rating(self):
        return getattr(self.summons, "rating", None)

    def timeline(self) -> list[Step]:
        """From the summons' own fields, which keep who did what and whether it was on time."""
        s, status = self.summons, Summons.Status
        steps = [Step(s.summoned_at, "summoned", status.SUMMONED.label)]
        steps += [Step(a.happened_at, "late", a.get_kind_display(), late=True) for a in s.alerts.all()]
        if s.acknowledged_at:
            steps.append(
                Step(
                    s.acknowledged_at,
                    "acknowledged",
                    status.ACKNOWLEDGED.label,
                    s.acknowledged_by,
                    late=s.acknowledged_on_time is False,
                )
            )
        if s.arrived_at:
            where = (s.checkin_longitude, s.checkin_latitude) if s.checkin_longitude is not None else None
            steps.append(
                Step(
                    s.arrived_at,
                    "arrived",
                    status.ARRIVED.label,
                    s.arrived_by,
                    s.checkin_note,
                    late=s.arrived_on_time is False,
                    photos=list(s.photos.all()),
                    coordinates=where,
                )
            )
        steps += [Step(r.reported_at, "report", _("Report"), r.reported_by, r.text) for r in s.reports.all()]
        if s.done_at:
            steps.append(Step(s.done_at, "done", status.DONE.label))
        rating = self.rating
        if rating is not None:
            scores = {
                "timeliness": rating.timeliness,
                "cooperation": rating.cooperation,
                "result": rating.result,
            }
            steps.append(
                Step(
                    rating.rated_at,
                    "rated",
                    _("Rated by the street"),
                    rating.rated_by,
                    rating.comment,
                    scores=scores,
                )
            )
            if rating.department_commented_at:
                steps.append(
                    Step(
                        rating.department_commented_at,
                        "department-comment",
                        _("The department's comment"),
                        rating.department_commented_by,
                        rating.department_comment,
                    )
                )
        return sorted(steps, key=lambda step: step.at)


def _form(bound: dict, key: tuple, form_class, summons_pk: int | None = None, **kwargs):
    """The bound form of a failed step if that is the one, else a fresh one with ids of its own."""
    if key in bound:
        return bound[key]
    prefix = f"id_{key[0]}{summons_pk or ''}_%s"
    return form_class(auto_id=prefix, **kwargs)


def whistle_page(request, whistle: Whistle, *, bound: dict | None = None, status: int = 200):
    """The whistle page. ``bound`` maps (step, summons id) to a submitted form to show again with
    its errors instead of an empty one."""
    user, bound = request.user, bound or {}
    street_steps = whistle_actions(status=whistle.status, standings=whistle_standings(user, whistle))
    is_open = whistle.status == Whistle.Status.OPEN
    blocks = []
    for summons in whistle.summonses.all():
        standings = summons_standings(user, summons)
        block = SummonsBlock(
            summons, summons_actions(status=summons.status, standings=standings) if is_open else []
        )
        for step, form_class in (("arrive", CheckinForm), ("report", ReportForm), ("finish", FinishForm)):
            if step in block.actions:
                block.forms[step] = _form(bound, (step, summons.pk), form_class, summons.pk)
        rating = block.rating
        if rating is not None and rating.department_commented_at is None and DEPARTMENT in standings:
            block.forms["comment"] = _form(bound, ("comment", summons.pk), RatingCommentForm, summons.pk)
        if "rate" in street_steps:
            scores = (
                {"timeliness": rating.timeliness, "cooperation": rating.cooperation, "result": rating.result}
                if rating
                else {}
            )
            initial = {**scores, "comment": rating.comment if rating else ""}
            block.forms["rate"] = _form(bound, ("rate", summons.pk), RateForm, summons.pk, initial=initial)
        blocks.append(block)

    street_forms = {}
    if "rewhistle" in street_steps and whistling_streets(user).filter(pk=whistle.street_id).exists():
        street_forms["rewhistle"] = _form(bound, ("rewhistle", None), RewhistleForm, whistle=whistle)
    if "escalate" in street_steps:
        street_forms["escalate"] = _form(bound, ("escalate", None), EscalateForm)
    if "close" in street_steps:
        street_forms["close"] = _form(bound, ("close", None), CloseForm)

    tickets = list(whistle.tickets.all())
    seen_tickets = set(
        visible_tickets(user).filter(pk__in=[t.pk for t in tickets]).values_list("pk", flat=True)
    )
    related = visible_whistles(user).select_related(None).only("pk", "blown_at", "status")
    context = {
        "whistle": whistle,
        "status_label": WHISTLE_STATUS_LABELS[whistle.status],
        "blocks": blocks,
        "street_forms": street_forms,
        "unrated": [b.summons.department.name for b in blocks if b.rating is None],
        "tickets": [(ticket, ticket.pk in seen_tickets) for ticket in tickets],
        "previous": related.filter(pk=whistle.previous_id).first() if whistle.previous_id else None,
        "repeats": related.filter(previous=whistle).order_by("blown_at"),
        "street_photos": [photo for photo in whistle.photos.all() if photo.summons_id is None],
        "events": [(event, STEP_LABELS.get(event.action, event.action)) for event in whistle.events.all()],
        "countdown_text": countdown_text(),
    }
    return render(request, "streets/whistle_detail.html", context, status=status)


def step_run(request, *, whistle_pk: int, key: tuple, form, apply, next_url=None):
    """One step posted from the whistle page: check the form, apply the service to its data, go on
    to ``next_url(result)`` (the whistle page by default) with a message; or show the page again
    with the form's errors (400). A step not possible now, or not for this user, becomes an error
    message."""
    summons_pk = key[1]
    if form is None or form.is_valid():
        try:
            result = apply(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(whistle_url(whistle_pk, summons_pk))
            service_errors(form, error)
        except (WhistleTransitionError, WhistleForbidden) as error:
            messages.error(request, str(error))
            return redirect(whistle_url(whistle_pk, summons_pk))
        else:
            messages.success(
                request, _("“%(step)s” is recorded.") % {"step": STEP_LABELS.get(key[0], key[0])}
            )
            return redirect(next_url(result) if next_url else whistle_url(whistle_pk, summons_pk))
    whistle = whistle_detail(request.user, whistle_pk)
    return whistle_page(request, whistle, bound={key: form}, status=400)


class WhistleListView(RoleRequiredMixin, ListView):
    """The whistles the user can see, newest first, with every summoned department's status."""

    required_roles = WHISTLE_ROLES
    template_name = "streets/whistle_list.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        self.filter_form = WhistleFilterForm(self.request.GET or None)
        whistles = visible_whistles(self.request.user).prefetch_related(
            Prefetch("summonses", queryset=Summons.objects.select_related("department"))
        )
        return self.filter_form.filter(whistles)

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            status_labels=WHISTLE_STATUS_LABELS,
            query=query.urlencode(),
            may_blow=whistling_streets(self.request.user).exists(),
            **kwargs,
        )


@dataclass
class DepartmentChoice:
    department: Unit
    categories: list[str]
    checked: bool


class WhistleBlowView(LoginRequiredMixin, View):
    """吹哨: for street officials holding the whistle permission (403 for everyone else)."""

    template_name = "streets/whistle_blow.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            self.streets = whistling_streets(request.user).select_related("parent")
            if not self.streets.exists():
                raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        ticket = None
        if request.GET.get("ticket", "").isdigit():
            ticket = visible_tickets(request.user).filter(pk=request.GET["ticket"]).first()
        initial = {}
        if ticket is not None:
            initial = {
                "tickets": ticket.number,
                "address": ticket.address,
                "longitude": ticket.longitude,
                "latitude": ticket.latitude,
                "domain": WhistleDomain.objects.filter(code="citizen_requests", is_active=True).first(),
            }
        form = WhistleBlowForm(initial=initial, streets=self.streets, tickets=visible_tickets(request.user))
        return self.page(form, street=self.streets.first(), tickets=[ticket] if ticket else [])

    def post(self, request):
        tickets_seen = visible_tickets(request.user)
        form = WhistleBlowForm(request.POST, request.FILES, streets=self.streets, tickets=tickets_seen)
        if form.is_valid():
            data = form.cleaned_data
            try:
                whistle = whistle_blow(
                    actor=request.user,
                    street=data["street"],
                    domain=data["domain"],
                    urgency=data["urgency"],
                    address=data["address"],
                    description=data["description"],
                    departments=data["summoned"],
                    tickets=data["tickets"],
                    longitude=data["longitude"],
                    latitude=data["latitude"],
                    photos=data["photos"],
                )
            except ValidationError as error:
                service_errors(form, error)
            except WhistleForbidden as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    _("The whistle is blown: %(count)s departments summoned.")
                    % {"count": len(data["summoned"])},
                )
                return redirect(whistle_url(whistle.pk))
        street = self.streets.filter(pk=request.POST.get("street") or 0).first() or self.streets.first()
        tickets = list(tickets_seen.filter(number__in=tokens(request.POST.get("tickets", ""))))
        return self.page(form, street=street, tickets=tickets, status=400)

    def page(self, form, *, street, tickets, status=200):
        suggestions = departments_suggest(street=street, tickets=tickets)
        choices = [DepartmentChoice(s.department, s.categories, True) for s in suggestions]
        if form.is_bound:
            posted = form.data.getlist("departments")
            for choice in choices:
                choice.checked = choice.department.code in posted
            suggested = {choice.department.code for choice in choices}
            added = summonable_units().filter(code__in=[code for code in posted if code not in suggested])
            choices += [DepartmentChoice(unit, [], True) for unit in added]
        return render(
            self.request,
            self.template_name,
            {"form": form, "choices": choices, "linked": tickets},
            status=status,
        )


class WhistleDetailView(LoginRequiredMixin, View):
    def get(self, request, pk):
        return whistle_page(request, whistle_detail(request.user, pk))


def _summons_of(whistle: Whistle, pk) -> Summons:
    summons = next((s for s in whistle.summonses.all() if str(s.pk) == str(pk)), None)
    if summons is None:
        raise Http404
    return summons


class WhistleStepView(LoginRequiredMixin, View):
    """The street's steps: rate a department, blow the whistle again, escalate, close."""

    steps = ("rate", "rewhistle", "escalate", "close")

    def post(self, request, pk, action):
        if action not in self.steps:
            raise Http404
        return getattr(self, action)(request, whistle_detail(request.user, pk))

    def rate(self, request, whistle):
        summons = _summons_of(whistle, request.POST.get("summons"))
        return step_run(
            request,
            whistle_pk=whistle.pk,
            key=("rate", summons.pk),
            form=RateForm(request.POST, auto_id=f"id_rate{summons.pk}_%s"),
            apply=lambda data: whistle_rate(whistle=whistle, summons=summons, actor=request.user, **data),
        )

    def rewhistle(self, request, whistle):
        return step_run(
            request,
            whistle_pk=whistle.pk,
            key=("rewhistle", None),
            form=RewhistleForm(request.POST, whistle=whistle, auto_id="id_rewhistle_%s"),
            apply=lambda data: whistle_rewhistle(
                whistle=whistle,
                actor=request.user,
                departments=list(data["departments"]),
                description=data["description"],
            ),
            next_url=lambda repeat: whistle_url(repeat.pk),
        )

    def escalate(self, request, whistle):
        return step_run(
            request,
            whistle_pk=whistle.pk,
            key=("escalate", None),
            form=EscalateForm(request.POST, auto_id="id_escalate_%s"),
            apply=lambda data: whistle_escalate(whistle=whistle, actor=request.user, reason=data["reason"]),
        )

    def close(self, request, whistle):
        return step_run(
            request,
            whistle_pk=whistle.pk,
            key=("close", None),
            form=CloseForm(request.POST, auto_id="id_close_%s"),
            apply=lambda data: whistle_close(whistle=whistle, actor=request.user, result=data["result"]),
        )
