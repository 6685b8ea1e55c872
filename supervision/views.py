"""The supervision pages: the list of the orders one may see, one order with the steps one may take
on it (answer, accept, send back), and the form to issue an order. Reads go through
``supervision.selectors`` (what is not visible answers 404), writes through the services."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import ListView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from accounts.selectors import units_to_pick
from core.pagination import CappedCountPaginator
from core.step_views import service_errors, step_post
from core.transitions import TransitionForbidden
from dispatch.selectors import visible_assignments
from supervision import services
from supervision.forms import AcceptForm, AnswerForm, FilterForm, IssueForm, SendBackForm
from supervision.models import SupervisionPhoto
from supervision.selectors import SUPERVISED_KINDS, may_issue, order_standings, visible_orders
from supervision.states import supervision_actions
from uploads.serving import protected_file_response

PAGE_ROLES = (
    Role.OPERATOR,
    Role.DISPATCHER,
    Role.ADMINISTRATOR,
    Role.DISTRICT_SUPERVISOR,
    Role.LEADER,
    Role.STREET_OFFICIAL,
    Role.DEPARTMENT_STAFF,
    Role.SUB_UNIT_STAFF,
)
STEPS = {
    "answer": (AnswerForm, services.supervision_answer),
    "accept": (AcceptForm, services.supervision_accept),
    "send_back": (SendBackForm, services.supervision_send_back),
}


class OrderListView(RoleRequiredMixin, ListView):
    required_roles = PAGE_ROLES
    template_name = "supervision/order_list.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        self.filter_form = FilterForm(self.request.GET or None)
        orders = visible_orders(self.request.user).select_related("unit", "ticket")
        if self.filter_form.is_valid() and self.filter_form.cleaned_data["status"]:
            orders = orders.filter(status=self.filter_form.cleaned_data["status"])
        return orders.order_by("-issued_at", "-pk")

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        return super().get_context_data(
            filter_form=self.filter_form,
            query=query.urlencode(),
            may_issue=may_issue(self.request.user),
            **kwargs,
        )


class OrderDetailView(RoleRequiredMixin, View):
    required_roles = PAGE_ROLES
    template_name = "supervision/order_detail.html"

    def order(self, pk):
        orders = visible_orders(self.request.user).select_related(
            "unit", "ticket", "issued_by", "answered_by", "decided_by", "escalated_from", "escalated_to"
        )
        return get_object_or_404(orders, pk=pk)

    def page(self, order, forms=None, status=200):
        actions = supervision_actions(
            status=order.status, standings=order_standings(self.request.user, order)
        )
        forms = forms or {}
        shown = {action: forms.get(action) or STEPS[action][0]() for action in actions}
        events = order.events.select_related("actor")
        return render(
            self.request,
            self.template_name,
            {"order": order, "forms": shown, "events": events, "photos": order.photos.all()},
            status=status,
        )

    def get(self, request, pk, action=None):
        return self.page(self.order(pk))

    def post(self, request, pk, action=None):
        order = self.order(pk)
        if action not in STEPS:
            raise Http404
        form_class, service = STEPS[action]
        form = form_class(request.POST, request.FILES)
        return step_post(
            request,
            form,
            apply=lambda data: service(order=order, actor=request.user, **data),
            done_url=reverse("supervision:order", args=[order.pk]),
            page=lambda: self.page(order, {action: form}, status=400),
        )


class IssueView(RoleRequiredMixin, View):
    """督办: for dispatchers, district supervisors and leaders; on a ticket's order
    (``?assignment=<id>``, one the issuer may see) or on a unit of their reach."""

    required_roles = (Role.DISPATCHER, Role.DISTRICT_SUPERVISOR, Role.LEADER)
    template_name = "supervision/order_issue.html"

    def setup_form(self, data=None):
        value = (self.request.GET.get("assignment") or self.request.POST.get("assignment") or "").strip()
        assignment = None
        if value:
            if not value.isdigit():
                raise Http404
            assignment = get_object_or_404(
                visible_assignments(self.request.user).select_related("unit", "ticket"), pk=value
            )
        units = units_to_pick(self.request.user, kinds=SUPERVISED_KINDS).order_by("code")
        return IssueForm(data, units=units, assignment=assignment), assignment

    def page(self, form, assignment, status=200):
        return render(
            self.request, self.template_name, {"form": form, "assignment": assignment}, status=status
        )

    def get(self, request):
        return self.page(*self.setup_form())

    def post(self, request):
        form, assignment = self.setup_form(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                order = services.supervision_issue(
                    actor=request.user,
                    reason=data["reason"],
                    subject=data["subject"],
                    unit=data.get("unit"),
                    assignment=assignment,
                )
            except ValidationError as error:
                service_errors(form, error)
            except TransitionForbidden as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Supervision order issued."))
                return redirect("supervision:order", pk=order.pk)
        return self.page(form, assignment, status=400)


class PhotoView(LoginRequiredMixin, View):
    """An answer's photo, for those who see its order (others: 404), served as the image type its
    bytes announced when it was stored."""

    def get(self, request, pk):
        photo = get_object_or_404(
            SupervisionPhoto.objects.filter(order__in=visible_orders(request.user)), pk=pk
        )
        return protected_file_response(
            file=photo.file, content_type=photo.content_type, original_name=photo.original_name
        )
