"""Supervision orders in the API: what an order reads as, and the bodies of its actions."""

from rest_framework import serializers

from dispatch.models import Assignment
from supervision.models import SupervisionEvent, SupervisionOrder
from units.models import Unit


class EventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = SupervisionEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "at"]


class OrderSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    ticket = serializers.SlugRelatedField(slug_field="number", read_only=True)
    issued_by = serializers.StringRelatedField()
    answered_by = serializers.StringRelatedField()
    escalated_to = serializers.SerializerMethodField()

    class Meta:
        model = SupervisionOrder
        fields = [
            "id",
            "level",
            "status",
            "unit",
            "unit_name",
            "ticket",
            "assignment",
            "subject",
            "reason",
            "issued_by",
            "issued_at",
            "deadline",
            "answer",
            "answered_by",
            "answered_at",
            "decision_note",
            "decided_at",
            "flagged_at",
            "escalated_from",
            "escalated_to",
        ]
        read_only_fields = fields

    def get_escalated_to(self, order) -> int | None:
        return getattr(getattr(order, "escalated_to", None), "pk", None)


class OrderDetailSerializer(OrderSerializer):
    events = EventSerializer(many=True, read_only=True)

    class Meta(OrderSerializer.Meta):
        fields = [*OrderSerializer.Meta.fields, "events"]
        read_only_fields = fields


class IssueSerializer(serializers.Serializer):
    """Either ``assignment`` (a ticket's order: its unit answers) or ``unit`` (a unit's code) with a
    ``subject``."""

    assignment = serializers.PrimaryKeyRelatedField(
        queryset=Assignment.objects.select_related("unit"), required=False
    )
    unit = serializers.SlugRelatedField(
        slug_field="code", queryset=Unit.objects.filter(is_active=True), required=False
    )
    subject = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reason = serializers.CharField(max_length=4000)


class AnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class AcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
