"""Supervision orders in the API: what an order reads as, and the bodies of its actions."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from rest_framework import serializers

from dispatch.models import Assignment
from hotline.services.attachments import photos_check
from supervision.models import SupervisionEvent, SupervisionOrder
from units.models import Unit


class SupervisionEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField()

    class Meta:
        model = SupervisionEvent
        fields = ["action", "from_status", "to_status", "actor", "note", "at"]


class SupervisionOrderSerializer(serializers.ModelSerializer):
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


class SupervisionOrderDetailSerializer(SupervisionOrderSerializer):
    events = SupervisionEventSerializer(many=True, read_only=True)
    photos = serializers.SerializerMethodField()

    class Meta(SupervisionOrderSerializer.Meta):
        fields = [*SupervisionOrderSerializer.Meta.fields, "events", "photos"]
        read_only_fields = fields

    def get_photos(self, order) -> list[str]:
        """Links to the answer's photos, served only to those who see the order."""
        return [reverse("supervision:photo", args=[photo.pk]) for photo in order.photos.all()]


class SupervisionIssueSerializer(serializers.Serializer):
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


class SupervisionAnswerSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)
    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Photos with the answer (images, checked as a reply's; multipart/form-data).",
    )

    def validate(self, attrs):
        try:
            photos_check({"photos": attrs["photos"]})
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class SupervisionAcceptSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class SupervisionSendBackSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
