"""The whistle API's views. Streets blow, rate, re-whistle, escalate and close; everyone who sees a
whistle reads its summonses, on which the summoned department acts through ``departments.api``."""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.bounds import validate_in_date_window
from hotline.selectors.tickets import visible_tickets
from streets import services
from streets.api.serializers import (
    BlowSerializer,
    RateSerializer,
    ResultSerializer,
    RewhistleSerializer,
    SuggestionSerializer,
    SuggestQuerySerializer,
    SummonsSerializer,
    WhistleDetailSerializer,
    WhistleReasonSerializer,
    WhistleSerializer,
)
from streets.models import Summons, Whistle
from streets.selectors import visible_whistles, whistling_streets
from streets.suggestions import departments_suggest
from streets.whistle_states import WhistleForbidden
from units.models import Unit


class WhistleFilter(django_filters.FilterSet):
    street = django_filters.CharFilter(field_name="street__code")
    department = django_filters.CharFilter(field_name="summonses__department__code", distinct=True)
    domain = django_filters.CharFilter(field_name="domain__code")
    blown_after = django_filters.IsoDateTimeFilter(
        field_name="blown_at", lookup_expr="gte", validators=[validate_in_date_window]
    )
    blown_before = django_filters.IsoDateTimeFilter(
        field_name="blown_at", lookup_expr="lt", validators=[validate_in_date_window]
    )

    class Meta:
        model = Whistle
        fields = ["status", "urgency", "street", "department", "domain"]


def _street_for(user, requested: Unit | None) -> Unit:
    streets = whistling_streets(user)
    if requested is not None:
        return streets.filter(pk=requested.pk).first() or requested  # the service refuses a wrong one
    first = streets.first()
    if first is None:
        raise WhistleForbidden(_("You may not blow the whistle for this street."))
    return first


class WhistleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = WhistleFilter

    def get_queryset(self):
        summonses = Summons.objects.select_related("department", "rating", "whistle").prefetch_related(
            "reports", "alerts"
        )
        whistles = visible_whistles(self.request.user).prefetch_related(
            Prefetch("summonses", queryset=summonses), "tickets"
        )
        return whistles

    def get_serializer_class(self):
        return WhistleDetailSerializer if self.action == "retrieve" else WhistleSerializer

    def _detail(self, pk, code=status.HTTP_200_OK):
        whistle = self.get_queryset().prefetch_related("events__actor", "events__unit").get(pk=pk)
        return Response(WhistleDetailSerializer(whistle, context={"request": self.request}).data, status=code)

    @extend_schema(request=BlowSerializer, responses={201: WhistleDetailSerializer})
    def create(self, request, *args, **kwargs):
        body = BlowSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        whistle = services.whistle_blow(
            actor=request.user,
            street=_street_for(request.user, data.pop("street", None)),
            **data,
        )
        return self._detail(whistle.pk, status.HTTP_201_CREATED)

    @extend_schema(parameters=[SuggestQuerySerializer], responses=SuggestionSerializer(many=True))
    @action(detail=False, methods=["get"])
    def suggestions(self, request):
        """Departments to summon for the given tickets (``?tickets=2026…&tickets=…``)."""
        params = {"tickets": request.query_params.getlist("tickets")}
        if request.query_params.get("street"):
            params["street"] = request.query_params["street"]
        query = SuggestQuerySerializer(data=params)
        query.is_valid(raise_exception=True)
        street = _street_for(request.user, query.validated_data.get("street"))
        numbers = [ticket.number for ticket in query.validated_data.get("tickets", [])]
        tickets = list(visible_tickets(request.user).filter(number__in=numbers).select_related("category"))
        return Response(
            SuggestionSerializer(departments_suggest(street=street, tickets=tickets), many=True).data
        )

    @extend_schema(request=RateSerializer, responses=WhistleDetailSerializer)
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        whistle = self.get_object()
        body = RateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        summons = get_object_or_404(whistle.summonses.all(), pk=data.pop("summons"))
        services.whistle_rate(whistle=whistle, summons=summons, actor=request.user, **data)
        return self._detail(whistle.pk)

    @extend_schema(request=ResultSerializer, responses=WhistleDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        whistle = self.get_object()
        body = ResultSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.whistle_close(whistle=whistle, actor=request.user, **body.validated_data)
        return self._detail(whistle.pk)

    @extend_schema(request=WhistleReasonSerializer, responses=WhistleDetailSerializer)
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        whistle = self.get_object()
        body = WhistleReasonSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.whistle_escalate(whistle=whistle, actor=request.user, **body.validated_data)
        return self._detail(whistle.pk)

    @extend_schema(request=RewhistleSerializer, responses={201: WhistleDetailSerializer})
    @action(detail=True, methods=["post"])
    def rewhistle(self, request, pk=None):
        whistle = self.get_object()
        body = RewhistleSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        second = services.whistle_rewhistle(whistle=whistle, actor=request.user, **body.validated_data)
        return self._detail(second.pk, status.HTTP_201_CREATED)


class SummonsViewSet(viewsets.ReadOnlyModelViewSet):
    """Summonses of the whistles the user may see, to read; ``departments.api`` adds the steps."""

    serializer_class = SummonsSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            Summons.objects.filter(whistle__in=visible_whistles(self.request.user))
            .select_related("whistle", "department", "rating")
            .prefetch_related("reports", "alerts")
            .order_by("-summoned_at", "-pk")
        )
