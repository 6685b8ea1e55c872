"""The whistle API, with the pages' rules: ``visible_whistles`` decides 404, the state table's
standings 403, the state 409. Streets blow, rate, re-whistle, escalate and close; summoned
departments acknowledge, check in, report, finish and comment on their rating."""

import django_filters
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from api.bounds import validate_in_date_window
from departments import services as department_services
from hotline.models import Ticket
from hotline.selectors.tickets import visible_tickets
from streets import services
from streets.models import Rating, Summons, SummonsReport, Urgency, Whistle, WhistleDomain, WhistleEvent
from streets.selectors import summons_standings, visible_whistles, whistle_standings, whistling_streets
from streets.suggestions import departments_suggest
from streets.whistle_states import WhistleForbidden, summons_actions, whistle_actions
from units.models import Unit


class UnitCodeField(serializers.SlugRelatedField):
    def __init__(self, **kwargs):
        super().__init__(slug_field="code", queryset=Unit.objects.filter(is_active=True), **kwargs)


class RatingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Rating
        fields = [
            "timeliness",
            "cooperation",
            "result",
            "comment",
            "rated_at",
            "department_comment",
            "department_commented_at",
        ]


class ReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = SummonsReport
        fields = ["text", "reported_at"]


class SummonsSerializer(serializers.ModelSerializer):
    department_code = serializers.CharField(source="department.code", read_only=True)
    department_name = serializers.CharField(source="department.name", read_only=True)
    rating = RatingSerializer(read_only=True, allow_null=True)
    reports = ReportSerializer(many=True, read_only=True)
    late = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Summons
        fields = [
            "id",
            "department_code",
            "department_name",
            "status",
            "summoned_at",
            "acknowledge_due",
            "arrive_due",
            "acknowledged_at",
            "arrived_at",
            "acknowledged_on_time",
            "arrived_on_time",
            "checkin_note",
            "checkin_longitude",
            "checkin_latitude",
            "done_at",
            "late",
            "reports",
            "rating",
            "actions",
        ]

    def get_late(self, summons) -> list[str]:
        return sorted(alert.kind for alert in summons.alerts.all())

    def get_actions(self, summons) -> list[str]:
        if summons.whistle.status != Whistle.Status.OPEN:
            return []
        return summons_actions(
            status=summons.status, standings=summons_standings(self.context["request"].user, summons)
        )


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.get_full_name", default=None, read_only=True)
    unit = serializers.CharField(source="unit.name", default=None, read_only=True)

    class Meta:
        model = WhistleEvent
        fields = ["action", "summons", "from_status", "to_status", "actor", "unit", "note", "at"]


class WhistleSerializer(serializers.ModelSerializer):
    street_code = serializers.CharField(source="street.code", read_only=True)
    street_name = serializers.CharField(source="street.name", read_only=True)
    domain = serializers.SlugRelatedField(slug_field="code", read_only=True)
    ticket_numbers = serializers.SlugRelatedField(
        source="tickets", slug_field="number", many=True, read_only=True
    )
    summonses = SummonsSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Whistle
        fields = [
            "id",
            "street_code",
            "street_name",
            "blown_at",
            "domain",
            "urgency",
            "address",
            "longitude",
            "latitude",
            "description",
            "ticket_numbers",
            "previous",
            "status",
            "escalated_at",
            "result",
            "closed_at",
            "summonses",
            "actions",
        ]

    def get_actions(self, whistle) -> list[str]:
        return whistle_actions(
            status=whistle.status, standings=whistle_standings(self.context["request"].user, whistle)
        )


class WhistleDetailSerializer(WhistleSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(WhistleSerializer.Meta):
        fields = [*WhistleSerializer.Meta.fields, "events"]


class BlowSerializer(serializers.Serializer):
    street = UnitCodeField(required=False, help_text="Needed only by officials of several streets.")
    domain = serializers.SlugRelatedField(
        slug_field="code", queryset=WhistleDomain.objects.filter(is_active=True)
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    address = serializers.CharField(max_length=300)
    description = serializers.CharField(max_length=4000)
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=73, max_value=136, required=False
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=3, max_value=54, required=False
    )
    departments = serializers.ListField(child=UnitCodeField(), min_length=1, max_length=30)
    tickets = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="number", queryset=Ticket.objects.all()),
        required=False,
        max_length=50,
    )


class RateSerializer(serializers.Serializer):
    summons = serializers.IntegerField()
    timeliness = serializers.IntegerField(min_value=1, max_value=5)
    cooperation = serializers.IntegerField(min_value=1, max_value=5)
    result = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ResultSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=4000)


class WhistleReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class RewhistleSerializer(serializers.Serializer):
    departments = serializers.ListField(child=UnitCodeField(), required=False, max_length=30)
    description = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


class SuggestQuerySerializer(serializers.Serializer):
    street = UnitCodeField(required=False)
    tickets = serializers.ListField(
        child=serializers.SlugRelatedField(slug_field="number", queryset=Ticket.objects.all()), required=False
    )


class SuggestionSerializer(serializers.Serializer):
    code = serializers.CharField(source="department.code")
    name = serializers.CharField(source="department.name")
    district = serializers.CharField(source="department.parent.name", default=None)
    categories = serializers.ListField(child=serializers.CharField())


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


class CheckInSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=73, max_value=136, required=False
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=3, max_value=54, required=False
    )


class SummonsTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class SummonsNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SummonsViewSet(viewsets.ReadOnlyModelViewSet):
    """Summonses of the whistles the user may see; a department acts on its own only."""

    serializer_class = SummonsSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            Summons.objects.filter(whistle__in=visible_whistles(self.request.user))
            .select_related("whistle", "department", "rating")
            .prefetch_related("reports", "alerts")
            .order_by("-summoned_at", "-pk")
        )

    def _step(self, service, serializer_class=None):
        data = {}
        if serializer_class is not None:
            body = serializer_class(data=self.request.data)
            body.is_valid(raise_exception=True)
            data = body.validated_data
        service(summons=self.get_object(), actor=self.request.user, **data)
        summons = self.get_queryset().get(pk=self.kwargs["pk"])
        return Response(SummonsSerializer(summons, context={"request": self.request}).data)

    @extend_schema(request=None, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._step(department_services.summons_acknowledge)

    @extend_schema(request=CheckInSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._step(department_services.summons_arrive, CheckInSerializer)

    @extend_schema(request=SummonsTextSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(department_services.summons_report, SummonsTextSerializer)

    @extend_schema(request=SummonsNoteSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        return self._step(department_services.summons_finish, SummonsNoteSerializer)

    @extend_schema(request=SummonsTextSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"], url_path="comment-rating")
    def comment_rating(self, request, pk=None):
        summons = self.get_object()
        rating = get_object_or_404(Rating, summons=summons)
        body = SummonsTextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        department_services.rating_comment(rating=rating, actor=request.user, **body.validated_data)
        return Response(SummonsSerializer(self.get_queryset().get(pk=pk), context={"request": request}).data)
