"""The supervision API: issue, list and read the orders one may see (404 otherwise), answer,
accept, send back. Views parse; ``supervision.services`` decides."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from supervision import services
from supervision.api.serializers import (
    SupervisionAcceptSerializer,
    SupervisionAnswerSerializer,
    SupervisionIssueSerializer,
    SupervisionOrderDetailSerializer,
    SupervisionOrderSerializer,
    SupervisionSendBackSerializer,
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
        return SupervisionOrderDetailSerializer if self.action == "retrieve" else SupervisionOrderSerializer

    def _detail(self, order, code=status.HTTP_200_OK):
        order = self.get_queryset().prefetch_related("events__actor", "photos").get(pk=order.pk)
        return Response(SupervisionOrderDetailSerializer(order).data, status=code)

    def _body(self, serializer_class):
        body = serializer_class(data=self.request.data)
        body.is_valid(raise_exception=True)
        return body.validated_data

    @extend_schema(request=SupervisionIssueSerializer, responses={201: SupervisionOrderDetailSerializer})
    def create(self, request, *args, **kwargs):
        order = services.supervision_issue(actor=request.user, **self._body(SupervisionIssueSerializer))
        return self._detail(order, status.HTTP_201_CREATED)

    @extend_schema(request=SupervisionAnswerSerializer, responses=SupervisionOrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        order = services.supervision_answer(
            order=self.get_object(), actor=request.user, **self._body(SupervisionAnswerSerializer)
        )
        return self._detail(order)

    @extend_schema(request=SupervisionAcceptSerializer, responses=SupervisionOrderDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        order = services.supervision_accept(
            order=self.get_object(), actor=request.user, **self._body(SupervisionAcceptSerializer)
        )
        return self._detail(order)

    @extend_schema(request=SupervisionSendBackSerializer, responses=SupervisionOrderDetailSerializer)
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        order = services.supervision_send_back(
            order=self.get_object(), actor=request.user, **self._body(SupervisionSendBackSerializer)
        )
        return self._detail(order)
