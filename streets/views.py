"""The whistle pages: the list, the form to blow a whistle, one whistle with a timeline per summoned
department (made of ``streets.page_parts``), and the street's steps on it. Reads go through
``streets.selectors`` (what is not visible answers 404), writes through the services, which decide
what each user may do."""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from core.pagination import CappedCountPaginator
from core.step_views import service_errors
from hotline.selectors.tickets import visible_tickets
from streets.forms import (
    WHISTLE_STATUS_LABELS,
    CloseForm,
    EscalateForm,
    RateForm,
    RewhistleForm,
    WhistleBlowForm,
    WhistleFilterForm,
    summonable_units,
    tokens,
)
from streets.models import Summons, Whistle, WhistleDomain
from streets.page_parts import step_run, whistle_page, whistle_url
from streets.selectors import ticket_street_ids, visible_whistles, whistle_detail, whistling_streets
from streets.services import whistle_blow, whistle_close, whistle_escalate, whistle_rate, whistle_rewhistle
from streets.suggestions import departments_suggest
from streets.whistle_states import WhistleForbidden
from units.models import Unit

WHISTLE_ROLES = (
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
    Role.DISTRICT_SUPERVISOR,
    Role.LEADER,
    Role.ADMINISTRATOR,
)


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
            by_id = {street.pk: street for street in self.streets}
            street = next((by_id[pk] for pk in ticket_street_ids(ticket) if pk in by_id), None)
            if street is not None:
                initial["street"] = street
        form = WhistleBlowForm(initial=initial, streets=self.streets, tickets=visible_tickets(request.user))
        street = initial.get("street") or self.streets.first()
        return self.page(form, street=street, tickets=[ticket] if ticket else [])

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
