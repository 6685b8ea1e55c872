"""What the whistle API reads and writes: whistles with their summonses, ratings, reports and
events, and the bodies of the street's steps."""

from rest_framework import serializers

from api.serializers import UnitField
from hotline.models import Ticket
from streets.models import Rating, Summons, SummonsReport, Urgency, Whistle, WhistleDomain, WhistleEvent
from streets.selectors import summons_standings, whistle_standings
from streets.whistle_states import summons_actions, whistle_actions
from units.models import Unit


class UnitCodeField(UnitField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Unit.objects.filter(is_active=True), **kwargs)


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
