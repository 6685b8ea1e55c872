"""Deadline policy and working calendar over the API. Anyone signed in may read them (every unit
works to them); hotline dispatchers/supervisors and administrators add policy rows and set calendar
days. Writes go through ``dispatch.deadlines.services``."""

from decimal import Decimal

import django_filters
from django import forms
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from accounts.permissions import POLICY_EDITORS
from accounts.selectors import user_has_role
from api.bounds import WindowDateField, WindowDateTimeField, validate_in_date_window, validate_year_in_window
from dispatch.deadlines.calendar import calendar_warnings
from dispatch.deadlines.services import calendar_day_clear, calendar_day_set, deadline_policy_add
from dispatch.models import CalendarDay, DeadlinePolicy
from dispatch.models.deadlines import policy_limit_max


class ReadOrPolicyEditor(BasePermission):
    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return bool(request.user and request.user.is_authenticated)
        return user_has_role(request.user, *POLICY_EDITORS)


class DeadlinePolicySerializer(serializers.ModelSerializer):
    effective_from = WindowDateTimeField()
    warning_ratio = serializers.DecimalField(
        max_digits=3, decimal_places=2, min_value=Decimal("0.10"), max_value=Decimal("0.99")
    )

    class Meta:
        model = DeadlinePolicy
        fields = [
            "id",
            "tier",
            "effective_from",
            "sign_minutes",
            "contact_minutes",
            "reply_amount",
            "reply_unit",
            "warning_ratio",
            "max_extensions",
            "note",
        ]
        read_only_fields = ["id"]
        # Uniqueness is the service's to check, in the user's language and in its transaction.
        validators = []

    def get_fields(self):
        """The limits' bounds come from settings, read per request (the model checks them again,
        ``reply_amount`` against its unit)."""
        fields = super().get_fields()
        largest = policy_limit_max(DeadlinePolicy.Unit.MINUTES)
        for name in ("sign_minutes", "contact_minutes", "reply_amount"):
            fields[name] = serializers.IntegerField(
                min_value=1, max_value=largest, label=fields[name].label, help_text=fields[name].help_text
            )
        return fields


class CalendarDaySerializer(serializers.ModelSerializer):
    date = WindowDateField()

    class Meta:
        model = CalendarDay
        fields = ["date", "is_workday", "note"]


@extend_schema_field(OpenApiTypes.INT)
class YearFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class CalendarDayFilter(django_filters.FilterSet):
    date__gte = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", validators=[validate_in_date_window]
    )
    date__lte = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", validators=[validate_in_date_window]
    )
    date__year = YearFilter(field_name="date", lookup_expr="year", validators=[validate_year_in_window])

    class Meta:
        model = CalendarDay
        fields = []


class CalendarWarningsSerializer(serializers.Serializer):
    warnings = serializers.ListField(child=serializers.CharField())


class DeadlinePolicyViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Policy rows, newest first per tier; ``?in_force=1`` only the rows in force now."""

    serializer_class = DeadlinePolicySerializer
    permission_classes = [ReadOrPolicyEditor]
    queryset = DeadlinePolicy.objects.order_by("tier", "-effective_from")
    filterset_fields = ["tier"]

    def perform_create(self, serializer):
        serializer.instance = deadline_policy_add(actor=self.request.user, **serializer.validated_data)


class CalendarDayViewSet(mixins.DestroyModelMixin, viewsets.ReadOnlyModelViewSet):
    """Administrators' calendar days over the package's holidays; PUT/DELETE by date (YYYY-MM-DD)."""

    serializer_class = CalendarDaySerializer
    permission_classes = [ReadOrPolicyEditor]
    queryset = CalendarDay.objects.order_by("date")
    lookup_field = "date"
    lookup_value_regex = r"\d{4}-\d{2}-\d{2}"
    filterset_class = CalendarDayFilter

    @extend_schema(request=CalendarDaySerializer, responses=CalendarDaySerializer)
    def update(self, request, date=None):
        body = CalendarDaySerializer(data={**request.data, "date": date})
        body.is_valid(raise_exception=True)
        day = calendar_day_set(
            actor=request.user,
            day=body.validated_data["date"],
            is_workday=body.validated_data["is_workday"],
            note=body.validated_data.get("note", ""),
        )
        return Response(CalendarDaySerializer(day).data)

    def destroy(self, request, date=None):
        day = WindowDateField().run_validation(date)
        calendar_day_clear(actor=request.user, day=day)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(responses=CalendarWarningsSerializer)
    @action(detail=False, methods=["get"])
    def warnings(self, request):
        return Response({"warnings": calendar_warnings(timezone.localdate())})
