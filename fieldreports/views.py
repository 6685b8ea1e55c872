"""The pages of the two front doors: report a problem / my reports (grid workers, street chiefs),
give an item / my items (leaders). Thin: the forms check, the services write, the selectors read."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView

from accounts.permissions import RoleRequiredMixin
from fieldreports.forms import MAX_ASSISTING, FieldReportForm, LeaderItemForm
from fieldreports.selectors import (
    ITEM_GIVERS,
    REPORTERS,
    item_units,
    items_of,
    quick_choices,
    reporting_units,
    reports_of,
)
from fieldreports.services import ItemSource, Place, field_report_file, leader_item_create
from hotline.selectors.tickets import visible_tickets

# Rows a "my …" page lists: the latest; older ones are in the ticket search of those who may see them.
LIST_LENGTH = 50


def _place(data) -> Place:
    return Place(
        address=data.get("address") or "", longitude=data.get("longitude"), latitude=data.get("latitude")
    )


def _refused(form, error: ValidationError) -> None:
    """The service's refusal as field messages of the form (a field it does not show: the form's)."""
    for field, problems in error.message_dict.items():
        for problem in problems:
            form.add_error(field if field in form.fields else None, problem)


class FieldReportView(RoleRequiredMixin, FormView):
    required_roles = REPORTERS
    template_name = "fieldreports/report.html"
    form_class = FieldReportForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "choices": quick_choices(),
            "units": reporting_units(self.request.user),
        }

    def form_valid(self, form):
        data = form.cleaned_data
        choice = form.choices[data["category"]]
        try:
            report = field_report_file(
                reporter=self.request.user,
                unit=data["unit"],
                category=choice.category,
                request_type=choice.request_type,
                content=data["content"],
                place=_place(data),
                photo=data.get("photo"),
            )
        except ValidationError as error:
            _refused(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Reported. Ticket number %(number)s.") % {"number": report.ticket.number}
        )
        return redirect("fieldreports:mine")


class MyReportsView(RoleRequiredMixin, ListView):
    required_roles = REPORTERS
    template_name = "fieldreports/my_reports.html"
    context_object_name = "reports"

    def get_queryset(self):
        return reports_of(self.request.user)[:LIST_LENGTH]


class LeaderItemView(RoleRequiredMixin, FormView):
    required_roles = ITEM_GIVERS
    template_name = "fieldreports/item_form.html"
    form_class = LeaderItemForm

    def get_initial(self):
        query = self.request.GET
        if query.get("warning"):
            return {"source": "warning", "source_warning": query["warning"]}
        if query.get("ticket"):
            return {"source": "ticket", "source_ticket": query["ticket"]}
        return {"source": "place"}

    def get_form_kwargs(self):
        user = self.request.user
        return {**super().get_form_kwargs(), "units": item_units(user), "tickets": visible_tickets(user)}

    def get_context_data(self, **kwargs):
        return super().get_context_data(assisting_slots=range(MAX_ASSISTING), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            item = leader_item_create(
                leader=self.request.user,
                source=ItemSource(
                    kind=data["source"],
                    ticket=data.get("source_ticket"),
                    warning=data.get("source_warning") or "",
                ),
                category=data["category"],
                request_type=data["request_type"],
                content=data["content"],
                place=_place(data),
                tier=data["tier"],
                lead_unit=data["lead_unit"],
                assisting_units=data["assisting_units"],
                photo=data.get("photo"),
            )
        except ValidationError as error:
            _refused(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("Item given. Ticket number %(number)s.") % {"number": item.ticket.number}
        )
        return redirect("fieldreports:items")


class MyItemsView(RoleRequiredMixin, ListView):
    required_roles = ITEM_GIVERS
    template_name = "fieldreports/my_items.html"
    context_object_name = "items"

    def get_queryset(self):
        return items_of(self.request.user)[:LIST_LENGTH]
