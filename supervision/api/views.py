"""The supervision API: issue, list and read the orders one may see (404 otherwise), answer,
accept, send back. Views parse; ``supervision.services`` decides."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from supervision import services
from supervision.api.serializers import (
    AcceptSerializer,
    AnswerSerializer,
    IssueSerializer,
    OrderDetailSerializer,
    OrderSerializer,
    SendBackSerializer,
)
from supervision.selectors import visible_orders


class SupervisionOrderViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    filterset_fields = ["status", "level"]

    def get_queryset(self):
        return (
            visible_orders(self.request.user)
            .select_related("unit", "ticket", "issued_by", "answered_by", "escalated_to")
            .order_by("-issued_at", "-pk")
        )

    def get_serializer_class(self):
        return OrderDetailSerializer if self.action == "retrieve" else OrderSerializer

    def _detail(self, order, code=status.HTTP_200_OK):
        order = self.get_queryset().prefetch_related("events__actor").get(pk=order.pk)
        return Response(OrderDetailSerializer(order).data, status=code)

    def _body(self, serializer_class):
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(request=IssueSerializer, responses={201: OrderDetailSerializer})
    def create(self, request, *args, **kwargs):
        order = services.supervision_issue(actor=request.user, **self._body(IssueSerializer))
        return self._detail(order, status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        order = services.supervision_answer(
            order=self.get_object(), actor=request.user, **self._body(AnswerSerializer)
        )
        return self._detail(order)

    @extend_schema(request=AcceptSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        order = services.supervision_accept(
            order=self.get_object(), actor=request.user, **self._body(AcceptSerializer)
        )
        return self._detail(order)

    @extend_schema(request=SendBackSerializer, responses=OrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        order = services.supervision_send_back(
            order=self.get_object(), actor=request.user, **self._body(SendBackSerializer)
        )
        return self._detail(order)
