"""POST /api/v1/field-reports/ (file a report), GET …/ and …/<id>/ (the caller's own reports only)
and the leaders' items: POST /api/v1/leader-items/, GET …/ (their own, with each unit's answer)."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from accounts.permissions import has_role
from api.serializers import UnitField
from fieldreports.models import FieldReport
from fieldreports.selectors import REPORTERS, quick_choices, reporting_units, reports_of
from fieldreports.services import Place, field_report_file
from hotline.attachments import photo_problem
from uploads.content_types import upload_head


class ReportingUnitField(UnitField):
    def get_queryset(self):
        return reporting_units(self.context["request"].user)


class FieldReportInputSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=16, help_text="a category code of the short list")
    unit = ReportingUnitField(
        required=False, help_text="the unit reported for (default: the reporter's only one)"
    )
    content = serializers.CharField(max_length=settings.HOTLINE_CONTENT_MAX_CHARS)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    longitude = serializers.FloatField(
        min_value=-180, max_value=180, required=False, allow_null=True, default=None
    )
    latitude = serializers.FloatField(
        min_value=-90, max_value=90, required=False, allow_null=True, default=None
    )
    photo = serializers.FileField(required=False, allow_null=True, default=None)

    def validate_category(self, value):
        # Read when validating, not when the serializer is built: the schema is generated from
        # the serializer without a database.
        choices = {choice.category.code: choice for choice in quick_choices()}
        if value not in choices:
            raise serializers.ValidationError(_("Choose the problem."))
        return choices[value]

    def validate_photo(self, photo):
        if photo and (problem := photo_problem(name=photo.name, size=photo.size, head=upload_head(photo))):
            raise serializers.ValidationError(problem)
        return photo

    def validate(self, attrs):
        if "unit" not in attrs:
            units = list(reporting_units(self.context["request"].user)[:2])
            if len(units) != 1:
                raise serializers.ValidationError({"unit": self.fields["unit"].error_messages["required"]})
            attrs["unit"] = units[0]
        return attrs


class FieldReportSerializer(serializers.ModelSerializer):
    number = serializers.CharField(source="ticket.number")
    status = serializers.CharField(source="ticket.status")
    status_label = serializers.CharField(source="ticket.get_status_display")
    category = serializers.CharField(source="ticket.category.name")
    address = serializers.CharField(source="ticket.address")
    unit = serializers.CharField(source="unit.code")

    class Meta:
        model = FieldReport
        fields = ["id", "number", "status", "status_label", "category", "address", "unit", "created_at"]


class FieldReportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A grid worker's or street chief's one-tap reports (一键报送): each files a ticket of channel
    "grid", routed like a call. Each reporter sees their own reports only."""

    permission_classes = [has_role(*REPORTERS)]
    serializer_class = FieldReportSerializer

    queryset = FieldReport.objects.none()  # for the schema; get_queryset answers

    def get_queryset(self):
        return reports_of(self.request.user)

    def get_object(self):
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])

    @extend_schema(request=FieldReportInputSerializer, responses={201: FieldReportSerializer})
    def create(self, request):
        form = FieldReportInputSerializer(data=request.data, context={"request": request})
        form.is_valid(raise_exception=True)
        data = form.validated_data
        report = field_report_file(
            reporter=request.user,
            unit=data["unit"],
            category=data["category"].category,
            request_type=data["category"].request_type,
            content=data["content"],
            place=Place(address=data["address"], longitude=data["longitude"], latitude=data["latitude"]),
            photo=data["photo"],
        )
        return Response(FieldReportSerializer(report).data, status=201)
