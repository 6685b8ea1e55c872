import django_filters

from units.models import Unit


class UnitFilter(django_filters.FilterSet):
    parent_code = django_filters.CharFilter(field_name="parent__code")
    department_kind = django_filters.CharFilter(field_name="department_kind__code")

    class Meta:
        model = Unit
        fields = ["kind", "parent", "parent_code", "department_kind"]
