"""The dispatch API: dispatching a ticket by hand and what routing left behind (stranded tickets,
failing after-commit tasks); then the assignments, one endpoint per step of the state table, with the
page's permission rules (visible_assignments for 404, the table's standings for 403, the state for
409), and the unit requests the hotline decides."""

from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import has_role
from core.outbox.selectors import failing_outbox_tasks
from dispatch.api.serializers import (
    AssignmentCallbackSerializer,
    AssignmentSerializer,
    CloseSerializer,
    ContactSerializer,
    DecisionSerializer,
    DispatchSerializer,
    ExtensionSerializer,
    FailingTaskSerializer,
    ReasonSerializer,
    ReplySerializer,
    ReturnSerializer,
    StrandedTicketSerializer,
    TextSerializer,
    UnitRequestSerializer,
)
from dispatch.api.sub_orders import HandDownSerializer, SubOrderSerializer
from dispatch.filters import AssignmentFilter
from dispatch.lifecycle import first_contact, hotline_actions, sub_orders, unit_actions
from dispatch.models import UnitRequest
from dispatch.selectors import visible_assignments
from dispatch.services import ticket_dispatch
from dispatch.stranded import stranded_tickets
from hotline.api.serializers import TicketDetailSerializer
from hotline.selectors.tickets import visible_tickets
from hotline.ticket_states import HOTLINE


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


class StrandedTicketListView(ListAPIView):
    """Pending tickets with no routing decision ``ROUTING_LATE_AFTER_SECONDS`` after filing: their
    routing failed or is late. The system keeps retrying; a dispatcher may dispatch them by hand."""

    permission_classes = [has_role(*HOTLINE)]
    serializer_class = StrandedTicketSerializer

    def get_queryset(self):
        return stranded_tickets(self.request.user)


class FailingTaskListView(ListAPIView):
    """After-commit work (routing, outside notification channels) not done yet whose last attempt
    failed; the outbox relay keeps publishing it."""

    permission_classes = [has_role(*HOTLINE)]
    serializer_class = FailingTaskSerializer

    def get_queryset(self):
        return failing_outbox_tasks()


class AssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = AssignmentSerializer
    filterset_class = AssignmentFilter

    def get_queryset(self):
        return visible_assignments(self.request.user).prefetch_related("clocks").order_by("-assigned_at")

    def _step(self, serializer_class, service, **extra):
        data = {}
        if serializer_class is not None:
            serializer = serializer_class(data=self.request.data)
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        service(assignment=self.get_object(), actor=self.request.user, **data, **extra)
        assignment = self.get_queryset().get(pk=self.kwargs["pk"])
        return Response(AssignmentSerializer(assignment, context={"request": self.request}).data)

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def sign(self, request, pk=None):
        return self._step(None, unit_actions.assignment_sign)

    @extend_schema(request=ContactSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def contact(self, request, pk=None):
        return self._step(ContactSerializer, unit_actions.assignment_contact)

    @extend_schema(request=None, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(None, unit_actions.assignment_start)

    @extend_schema(request=ReplySerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._step(ReplySerializer, unit_actions.assignment_reply)

    @extend_schema(request=ReplySerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="cannot-solve")
    def cannot_solve(self, request, pk=None):
        return self._step(ReplySerializer, unit_actions.assignment_reply, cannot_solve=True)

    @extend_schema(
        request=None, responses={200: {"type": "object", "properties": {"phone": {"type": "string"}}}}
    )
    @action(detail=True, methods=["post"], url_path="reveal-phone")
    def reveal_phone(self, request, pk=None):
        """The caller's full number for the lead unit's officials (logged); 403 for anyone else."""
        phone = first_contact.assignment_reveal_phone(assignment=self.get_object(), user=request.user)
        return Response({"phone": phone})

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="request-relay")
    def request_relay(self, request, pk=None):
        """请热线转达: the hotline contacts a confidential caller for the unit."""
        return self._step(ReasonSerializer, unit_actions.assignment_request_relay)

    @extend_schema(request=TextSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(TextSerializer, unit_actions.assignment_report)

    @extend_schema(request=ReturnSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="request-return")
    def request_return(self, request, pk=None):
        return self._step(ReturnSerializer, unit_actions.assignment_request_return)

    @extend_schema(request=ExtensionSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="request-extension")
    def request_extension(self, request, pk=None):
        return self._step(ExtensionSerializer, unit_actions.assignment_request_extension)

    @extend_schema(request=HandDownSerializer, responses={201: SubOrderSerializer})
    @action(detail=True, methods=["post"], url_path="hand-down")
    def hand_down(self, request, pk=None):
        """二次派单: the unit hands the order (or a part of it) down to one of its sub-units."""
        serializer = HandDownSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        sub_order = sub_orders.sub_order_issue(
            assignment=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return Response(SubOrderSerializer(sub_order, context={"request": request}).data, status=201)

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        return self._step(ReasonSerializer, unit_actions.assignment_escalate)

    @extend_schema(request=AssignmentCallbackSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        return self._step(AssignmentCallbackSerializer, hotline_actions.assignment_callback)

    @extend_schema(request=AssignmentCallbackSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"], url_path="callback-expired")
    def callback_expired(self, request, pk=None):
        """回访 on an order whose reply deadline passed without a reply (400 before it passed)."""
        return self._step(AssignmentCallbackSerializer, hotline_actions.assignment_callback_on_expiry)

    @extend_schema(request=CloseSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        CloseSerializer(data=request.data).is_valid(raise_exception=True)
        return self._step(None, hotline_actions.assignment_close)

    @extend_schema(request=ReasonSerializer, responses=AssignmentSerializer)
    @action(detail=True, methods=["post"])
    def redo(self, request, pk=None):
        return self._step(ReasonSerializer, hotline_actions.assignment_redo)


class UnitRequestViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Returns and extension requests: the hotline decides them; a unit sees its own."""

    serializer_class = UnitRequestSerializer
    filterset_fields = ["kind", "decision"]

    def get_queryset(self):
        visible = visible_assignments(self.request.user).filter(pk=OuterRef("assignment_id"))
        return (
            UnitRequest.objects.filter(Exists(visible))
            .select_related("assignment__ticket", "assignment__unit", "suggested_unit")
            .order_by("requested_at")
        )

    def permission_denied(self, request, message=None, code=None):
        """A request the user cannot see answers 404 even where the role check fails first."""
        pk = self.kwargs.get("pk")
        if (
            pk is not None
            and request.user.is_authenticated
            and not self.get_queryset().filter(pk=pk).exists()
        ):
            raise Http404
        super().permission_denied(request, message=message, code=code)

    @extend_schema(request=DecisionSerializer, responses=UnitRequestSerializer)
    @action(detail=True, methods=["post"], permission_classes=[has_role(*HOTLINE)])
    def decide(self, request, pk=None):
        serializer = DecisionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        unit_request = self.get_object()
        data = serializer.validated_data
        if unit_request.kind == UnitRequest.Kind.RETURN:
            hotline_actions.return_decide(
                request=unit_request,
                actor=request.user,
                approve=data["approve"],
                note=data["note"],
                new_unit=data["new_unit"],
            )
        elif unit_request.kind == UnitRequest.Kind.RELAY:
            hotline_actions.relay_decide(
                request=unit_request, actor=request.user, approve=data["approve"], note=data["note"]
            )
        else:
            hotline_actions.extension_decide(
                request=unit_request, actor=request.user, approve=data["approve"], note=data["note"]
            )
        unit_request.refresh_from_db()
        return Response(UnitRequestSerializer(unit_request).data)
