from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_role
from dispatch.services import DISPATCHABLE_KINDS, ticket_dispatch
from hotline.api.serializers import TicketDetailSerializer
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
