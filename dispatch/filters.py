import django_filters

from dispatch.models import Assignment


class AssignmentFilter(django_filters.FilterSet):
    tier = django_filters.CharFilter(field_name="ticket__tier")
    category = django_filters.CharFilter(field_name="ticket__category__code")
    unit = django_filters.CharFilter(field_name="unit__code")
    community = django_filters.CharFilter(
        field_name="ticket__address", lookup_expr="contains", label="community"
    )

    class Meta:
        model = Assignment
        fields = ["status", "role", "is_overdue", "tier", "category", "unit", "community"]
