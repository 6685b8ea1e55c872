from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_role
from core.outbox.models import OutboxTask
from core.outbox.selectors import failing_outbox_tasks
from dispatch.services import DISPATCHABLE_KINDS, ticket_dispatch
from dispatch.stranded import stranded_tickets
from hotline.api.serializers import TicketDetailSerializer
from hotline.models import Ticket
from hotline.selectors.tickets import visible_tickets
from hotline.ticket_states import HOTLINE
from units.models import Unit


class DispatchSerializer(serializers.Serializer):
    lead_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS)
    )
    assisting_units = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Unit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS),
        many=True,
        required=False,
        default=list,
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TicketDispatchView(APIView):
    """Dispatch a queued ticket to its lead unit (and assisting units) by their codes."""

    permission_classes = [has_role(*HOTLINE)]

    @extend_schema(request=DispatchSerializer, responses=TicketDetailSerializer)
    def post(self, request, pk):
        ticket = get_object_or_404(visible_tickets(request.user), pk=pk)
        serializer = DispatchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = ticket_dispatch(ticket=ticket, actor=request.user, **serializer.validated_data)
        ticket = visible_tickets(request.user).prefetch_related("events").get(pk=ticket.pk)
        return Response(TicketDetailSerializer(ticket, context={"request": request}).data)


class StrandedTicketSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.path")
    routing_attempts = serializers.IntegerField(
        allow_null=True, help_text="Times the routing task was handed to the broker."
    )
    routing_error = serializers.CharField(
        allow_null=True, help_text="The routing task's last failure, if it failed."
    )

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "received_at",
            "tier",
            "category",
            "address",
            "routing_attempts",
            "routing_error",
        ]


class StrandedTicketListView(ListAPIView):
    """Pending tickets with no routing decision ``ROUTING_LATE_AFTER_SECONDS`` after filing: their
    routing failed or is late. The system keeps retrying; a dispatcher may dispatch them by hand."""

    permission_classes = [has_role(*HOTLINE)]
    serializer_class = StrandedTicketSerializer

    def get_queryset(self):
        return stranded_tickets(self.request.user)


class FailingTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboxTask
        fields = ["id", "task", "dedupe_key", "created_at", "published_at", "attempts", "last_error"]


class FailingTaskListView(ListAPIView):
    """After-commit work (routing, outside notification channels) not done yet whose last attempt
    failed; the outbox relay keeps publishing it."""

    permission_classes = [has_role(*HOTLINE)]
    serializer_class = FailingTaskSerializer

    def get_queryset(self):
        return failing_outbox_tasks()
