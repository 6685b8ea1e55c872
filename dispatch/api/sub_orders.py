"""The sub-order API (二次派单): handing an assignment down (an action of the assignment, see
``dispatch.api.views``), then one endpoint per step of the sub-order's table, with the same rules
as the assignments' (visible_sub_orders for 404, the table's standings for 403, the state for 409)."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.serializers import UnitField
from dispatch.api.serializers import PhotoReportSerializer
from dispatch.lifecycle import sub_orders
from dispatch.models import SubOrder
from dispatch.sub_order_selectors import SUB_UNIT_KINDS, sub_order_available_actions, visible_sub_orders
from dispatch.sub_order_states import WORKING
from units.models import Unit


class HandDownSerializer(serializers.Serializer):
    sub_unit = UnitField(queryset=Unit.objects.filter(is_active=True, kind__in=SUB_UNIT_KINDS))
    note = serializers.CharField(max_length=4000)
    deadline = serializers.DateTimeField(help_text="The inner deadline: not later than the order's own.")


class SubOrderSerializer(serializers.ModelSerializer):
    ticket_id = serializers.IntegerField(source="assignment.ticket_id", read_only=True)
    ticket_number = serializers.CharField(source="assignment.ticket.number", read_only=True)
    unit_code = serializers.CharField(source="assignment.unit.code", read_only=True)
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    sub_unit_code = serializers.CharField(source="sub_unit.code", read_only=True)
    sub_unit_name = serializers.CharField(source="sub_unit.name", read_only=True)
    is_late = serializers.SerializerMethodField(help_text="Past its inner deadline, not reported.")
    actions = serializers.SerializerMethodField()

    class Meta:
        model = SubOrder
        fields = [
            "id",
            "assignment",
            "ticket_id",
            "ticket_number",
            "unit_code",
            "unit_name",
            "sub_unit_code",
            "sub_unit_name",
            "note",
            "deadline",
            "status",
            "status_changed_at",
            "issued_at",
            "signed_at",
            "reported_at",
            "report_text",
            "closed_at",
            "is_late",
            "actions",
        ]

    def get_is_late(self, sub_order) -> bool:
        return sub_order.status in WORKING and sub_order.deadline < timezone.now()

    def get_actions(self, sub_order) -> list[str]:
        return sub_order_available_actions(self.context["request"].user, sub_order)


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    deadline = serializers.DateTimeField(
        required=False, allow_null=True, default=None, help_text="A new inner deadline, if any."
    )


class WithdrawSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SubOrderViewSet(viewsets.ReadOnlyModelViewSet):
    """Orders handed down: the sub-unit's staff see those handed to their unit, the unit's people
    (and whoever sees the assignment) those it handed down. ``?open=1`` lists the open ones."""

    serializer_class = SubOrderSerializer
    filterset_fields = ["status", "assignment"]

    def get_queryset(self):
        sub_orders = visible_sub_orders(self.request.user).order_by("deadline", "pk")
        if self.request.query_params.get("open") in {"1", "true"}:
            sub_orders = sub_orders.filter(closed_at__isnull=True)
        return sub_orders

    def _step(self, serializer_class, service):
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        service(sub_order=self.get_object(), actor=self.request.user, **data)
        sub_order = self.get_queryset().get(pk=self.kwargs["pk"])
        return Response(SubOrderSerializer(sub_order, context={"request": self.request}).data)

    @extend_schema(request=None, responses=SubOrderSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._step(None, sub_orders.sub_order_sign)

    @extend_schema(request=PhotoReportSerializer, responses=SubOrderSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(PhotoReportSerializer, sub_orders.sub_order_report)

    @extend_schema(request=None, responses=SubOrderSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._step(None, sub_orders.sub_order_accept)

    @extend_schema(request=SendBackSerializer, responses=SubOrderSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        return self._step(SendBackSerializer, sub_orders.sub_order_send_back)

    @extend_schema(request=WithdrawSerializer, responses=SubOrderSerializer)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._step(WithdrawSerializer, sub_orders.sub_order_withdraw)
