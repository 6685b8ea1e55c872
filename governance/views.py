"""The proactive task pages: the list of the tasks one may see (an owner's staff: their units'),
one task with its effect and the steps one may take (answer with photos, close, send back), and the
form that opens a task — by hand or from an early warning, a hot category or address, a topic.
Reads go through ``governance.selectors`` (what is not visible answers 404), writes through the
services."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.models import Role
from accounts.permissions import ANALYSTS, RoleRequiredMixin
from core.pagination import CappedCountPaginator
from core.step_views import service_errors, step_post
from core.transitions import TransitionForbidden
from governance import services
from governance.figures import DEFAULT_EFFECT_WEEKS, task_effect
from governance.forms import AnswerForm, CloseForm, FilterForm, SendBackForm, TaskForm
from governance.models import ProactiveTask, TaskPhoto, Topic
from governance.selectors import may_create, owner_choices, street_choices, task_standings, visible_tasks
from governance.states import task_actions
from hotline.models import Category
from hotline.selectors.tickets import visible_tickets
from units.models import Unit
from uploads.serving import protected_file_response

PAGE_ROLES = (*ANALYSTS, Role.STREET_OFFICIAL, Role.DEPARTMENT_STAFF, Role.SUB_UNIT_STAFF)
STEPS = {
    "answer": (AnswerForm, services.task_answer),
    "close": (CloseForm, services.task_close),
    "send_back": (SendBackForm, services.task_send_back),
}
Source = ProactiveTask.Source


class TaskListView(RoleRequiredMixin, ListView):
    required_roles = PAGE_ROLES
    template_name = "governance/task_list.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        self.filter_form = FilterForm(self.request.GET or None)
        tasks = (
            visible_tasks(self.request.user).select_related("category", "street").prefetch_related("owners")
        )
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["status"]:
            tasks = tasks.filter(status=self.filter_form.cleaned_data["status"])
        return tasks.order_by("-opened_at", "-pk")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            query=query.urlencode(),
            may_create=may_create(self.request.user),
            **kwargs,
        )


def _weeks(request) -> int:
    value = request.GET.get("weeks", "")
    return int(value) if value.isdigit() and int(value) > 0 else DEFAULT_EFFECT_WEEKS


class TaskDetailView(RoleRequiredMixin, View):
    required_roles = PAGE_ROLES
    template_name = "governance/task_detail.html"

    def task(self, pk):
        tasks = visible_tasks(self.request.user).select_related(
            "category", "street", "topic", "created_by", "answered_by"
        )
        return get_object_or_404(tasks, pk=pk)

    def page(self, task, forms=None, status=200):
        actions = task_actions(status=task.status, standings=task_standings(self.request.user, task))
        forms = forms or {}
        photos = list(task.photos.all())
        context = {
            "task": task,
            "forms": {action: forms.get(action) or STEPS[action][0]() for action in actions},
            "events": task.events.select_related("actor"),
            "owners": task.owners.order_by("code"),
            "tickets": task.tickets.select_related("category").order_by("received_at", "pk"),
            "before": [p for p in photos if p.kind == TaskPhoto.Kind.BEFORE],
            "after": [p for p in photos if p.kind == TaskPhoto.Kind.AFTER],
            "effect": task_effect(task, weeks=_weeks(self.request)),
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk, action=None):
        return self.page(self.task(pk))

    def post(self, request, pk, action=None):
        task = self.task(pk)
        if action not in STEPS:
            raise Http404
        form_class, service = STEPS[action]
        form = form_class(request.POST, request.FILES)
        return step_post(
            request,
            form,
            apply=lambda data: service(task=task, actor=request.user, **data),
            done_url=reverse("governance:task", args=[task.pk]),
            page=lambda: self.page(task, {action: form}, status=400),
        )


def _origin(request) -> dict:
    """Where the new task comes from, read from the query (GET) or the form's hidden fields (POST):
    ``warning=<street id>/<category id>/<week start>``, ``topic=<id>``, ``category=<id>`` with an
    optional ``street=<id>`` (a hot category), or ``address=<text>`` (a hot address)."""
    data = request.POST if request.method == "POST" else request.GET
    if value := data.get("warning", "").strip():
        try:
            street_id, category_id, day = value.split("/")
            week_start = date.fromisoformat(day)
        except ValueError as error:
            raise Http404 from error
        if not (street_id.isdigit() and category_id.isdigit()) or week_start.weekday() != 0:
            raise Http404
        street = get_object_or_404(Unit, pk=street_id, kind=Unit.Kind.STREET)
        category = get_object_or_404(Category, pk=category_id)
        return {
            "source": Source.WARNING,
            "key": value,
            "street": street,
            "category": category,
            "week_start": week_start,
        }
    if (value := data.get("topic", "").strip()) and value.isdigit():
        topic = get_object_or_404(Topic.objects.select_related("lead_unit"), pk=value)
        return {"source": Source.TOPIC, "key": value, "topic": topic, "title": topic.title}
    if data.get("origin") == Source.ADDRESS or (request.method == "GET" and data.get("address")):
        return {"source": Source.ADDRESS, "address": data.get("address", "")}
    if data.get("origin") == Source.CATEGORY or (request.method == "GET" and data.get("category")):
        return {"source": Source.CATEGORY}
    return {"source": Source.MANUAL}


class TaskCreateView(RoleRequiredMixin, View):
    """主动治理: for analysts and leaders (``accounts.permissions.ANALYSTS``)."""

    required_roles = ANALYSTS
    template_name = "governance/task_new.html"

    def form(self, origin, data=None):
        initial = {key: origin[key] for key in ("street", "category", "address", "title") if key in origin}
        for key in ("category", "street"):
            if key not in initial and (value := self.request.GET.get(key, "")).isdigit():
                initial[key] = value
        if "topic" in origin:
            initial["owners"] = [origin["topic"].lead_unit_id]
        user = self.request.user
        return TaskForm(data, initial=initial, streets=street_choices(user), owners=owner_choices(user))

    def page(self, form, origin, status=200):
        return render(self.request, self.template_name, {"form": form, "origin": origin}, status=status)

    def get(self, request):
        origin = _origin(request)
        return self.page(self.form(origin), origin)

    def post(self, request):
        origin = _origin(request)
        form = self.form(origin, request.POST)
        if form.is_valid():
            try:
                task = self.create(form, origin)
            except ValidationError as error:
                service_errors(form, error)
            except TransitionForbidden as error:
                raise PermissionDenied(str(error)) from error
            else:
                messages.success(request, _("Proactive task opened."))
                return redirect("governance:task", pk=task.pk)
        return self.page(form, origin, status=400)

    def create(self, form, origin) -> ProactiveTask:
        data = form.cleaned_data
        common = {
            "actor": self.request.user,
            "title": data["title"],
            "description": data["description"],
            "owners": data["owners"],
            "deadline": data["deadline"],
        }
        if origin["source"] == Source.WARNING:
            return services.task_from_warning(
                street=origin["street"],
                category=origin["category"],
                week_start=origin["week_start"],
                **common,
            )
        numbers = data["ticket_numbers"]
        tickets = list(visible_tickets(self.request.user).filter(number__in=numbers))
        if len(tickets) != len(numbers):
            missing = sorted(set(numbers) - {ticket.number for ticket in tickets})
            raise ValidationError(
                {"ticket_numbers": [_("No such ticket: %(numbers)s") % {"numbers": ", ".join(missing)}]}
            )
        return services.task_create(
            category=data["category"],
            street=data["street"],
            address=data["address"],
            tickets=tickets,
            source=origin["source"],
            source_key=origin.get("key", ""),
            topic=origin.get("topic"),
            **common,
        )


class PhotoView(LoginRequiredMixin, View):
    """An answer's photo, for those who see its task (others: 404)."""

    def get(self, request, pk):
        photo = get_object_or_404(TaskPhoto.objects.filter(task__in=visible_tasks(request.user)), pk=pk)
        return protected_file_response(
            file=photo.file, content_type=photo.content_type, original_name=photo.original_name
        )
