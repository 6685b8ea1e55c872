import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from api.bounds import validate_in_date_window
from hotline.caller import InvalidPhone, phone_normalise
from hotline.models import Category, Ticket
from hotline.selectors.reference import categories_matching
from hotline.selectors.search import TicketCriteria, search_problems, tickets_matching

ORDERING_CHOICES = [
    ("-received_at", _("Newest first")),
    ("received_at", _("Oldest first")),
    ("number", _("Number, ascending")),
    ("-number", _("Number, descending")),
]

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TicketFilter(django_filters.FilterSet):
    """The ticket list's filters, for the API and the search page alike. The search criteria
    (number prefix, phone, words, dates, state, unit, category, tag, order) are applied by
    ``hotline.selectors.search``, which also says which the user may not use (a 400 per field)."""

    request_type = django_filters.CharFilter(field_name="request_type__code")
    received_after = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="gte", validators=[validate_in_date_window]
    )
    received_before = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="lt", validators=[validate_in_date_window]
    )
    # Criteria of the search selector: validated here, applied together in ``filter_queryset``.
    number = django_filters.CharFilter(method="criterion", max_length=20, label=_("Ticket number"))
    phone = django_filters.CharFilter(method="criterion", max_length=40, label=_("Caller phone"))
    address = django_filters.CharFilter(method="criterion", max_length=100, label=_("Address words"))
    content = django_filters.CharFilter(method="criterion", max_length=100, label=_("Content words"))
    received_from = django_filters.DateFilter(
        method="criterion", validators=[validate_in_date_window], label=_("Received from"), widget=DAY
    )
    received_to = django_filters.DateFilter(
        method="criterion", validators=[validate_in_date_window], label=_("Received until"), widget=DAY
    )
    status = django_filters.ChoiceFilter(
        method="criterion", choices=Ticket.Status.choices, label=_("State"), empty_label=_("Any state")
    )
    unit = django_filters.CharFilter(method="criterion", max_length=64, label=_("Unit code"))
    category = django_filters.CharFilter(method="criterion", max_length=64, label=_("Category code"))
    tag = django_filters.CharFilter(method="criterion", max_length=32, label=_("Tag"))
    ordering = django_filters.ChoiceFilter(
        method="criterion", choices=ORDERING_CHOICES, label=_("Sort"), empty_label=None
    )

    class Meta:
        model = Ticket
        fields = ["channel", "tier", "request_type"]

    def is_valid(self):
        if not super().is_valid():
            return False
        data = self.form.cleaned_data
        if data.get("phone"):
            try:
                data["phone"] = phone_normalise(data["phone"])[0]
            except InvalidPhone as error:
                self.form.add_error("phone", str(error))
        user = getattr(self.request, "user", None)
        for field, message in search_problems(user, self.criteria()).items():
            self.form.add_error(field, message)
        return not self.form.errors

    def criteria(self) -> TicketCriteria:
        data = getattr(self.form, "cleaned_data", {})
        return TicketCriteria(
            **{
                name: data[name].strip() if isinstance(data[name], str) else data[name]
                for name in TicketCriteria.__dataclass_fields__
                if data.get(name)
            }
        )

    def criterion(self, queryset, name, value):
        return queryset  # applied with the others by ``filter_queryset``

    def filter_queryset(self, queryset):
        return tickets_matching(super().filter_queryset(queryset), self.criteria())


class CategoryFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = Category
        fields = ["level", "matter", "parent"]

    def search(self, queryset, name, value):
        return categories_matching(queryset, value)
