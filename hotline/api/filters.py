import django_filters

from api.bounds import validate_in_date_window
from hotline.models import Category, Ticket
from hotline.selectors.reference import categories_matching


class TicketFilter(django_filters.FilterSet):
    request_type = django_filters.CharFilter(field_name="request_type__code")
    category = django_filters.CharFilter(field_name="category__code")
    received_after = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="gte", validators=[validate_in_date_window]
    )
    received_before = django_filters.IsoDateTimeFilter(
        field_name="received_at", lookup_expr="lt", validators=[validate_in_date_window]
    )

    class Meta:
        model = Ticket
        fields = ["status", "channel", "tier", "number", "request_type", "category"]


class CategoryFilter(django_filters.FilterSet):
    parent = django_filters.CharFilter(field_name="parent__code")
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = Category
        fields = ["level", "matter", "parent"]

    def search(self, queryset, name, value):
        return categories_matching(queryset, value)
