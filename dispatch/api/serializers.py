"""The dispatch API's serializers: dispatching a ticket, the tickets and tasks routing left behind,
assignments with their clocks and the bodies of their steps, and unit requests."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from api.bounds import WindowDateTimeField
from api.serializers import UnitField
from core.outbox.models import OutboxTask
from dispatch.models import Assignment, Clock, ContactRecord, UnitRequest
from dispatch.selectors import assignment_available_actions
from dispatch.services import DISPATCHABLE_KINDS
from hotline.api.serializers import SATISFACTION_ERRORS
from hotline.models import Callback, Ticket
from hotline.services.attachments import photos_check
from units.models import Unit


class DispatchSerializer(serializers.Serializer):
    lead_unit = UnitField(queryset=Unit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS))
    assisting_units = UnitField(
        queryset=Unit.objects.filter(is_active=True, kind__in=DISPATCHABLE_KINDS),
        many=True,
        required=False,
        default=list,
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class StrandedTicketSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.display_path")
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


class FailingTaskSerializer(serializers.ModelSerializer):
    class Meta:
        model = OutboxTask
        fields = ["id", "task", "dedupe_key", "created_at", "published_at", "attempts", "last_error"]


class ClockSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clock
        fields = ["kind", "cycle", "started_at", "due_at", "warn_at", "stopped_at", "result"]


class AssignmentSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="ticket.number", read_only=True)
    ticket_id = serializers.IntegerField(source="ticket.pk", read_only=True)
    tier = serializers.CharField(source="ticket.tier", read_only=True)
    category = serializers.CharField(source="ticket.category.display_path", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)
    clocks = ClockSerializer(many=True, read_only=True)
    actions = serializers.SerializerMethodField()

    class Meta:
        model = Assignment
        fields = [
            "id",
            "ticket_id",
            "ticket_number",
            "tier",
            "category",
            "unit_code",
            "unit_name",
            "role",
            "status",
            "cycle",
            "is_overdue",
            "extensions_used",
            "assigned_at",
            "status_changed_at",
            "clocks",
            "actions",
        ]

    def get_actions(self, assignment) -> list[str]:
        return assignment_available_actions(self.context["request"].user, assignment)


class ContactSerializer(serializers.Serializer):
    contacted_at = WindowDateTimeField()
    method = serializers.ChoiceField(choices=ContactRecord.Method.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class TextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class PhotoReportSerializer(TextSerializer):
    """A text with photos of the place before and after handling (a reply, a sub-unit's report)."""

    photos_before = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Photos of the problem before handling (images; multipart/form-data).",
    )
    photos_after = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        help_text="Photos of the result after handling (images; multipart/form-data).",
    )

    def validate(self, attrs):
        """The intake's size and byte checks (``hotline.attachments``), images only, a capped count."""
        try:
            photos_check({name: attrs[name] for name in ("photos_before", "photos_after")})
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from error
        return attrs


class ReplySerializer(PhotoReportSerializer):
    citizen_text = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="What was done, in plain words, for the citizen (shown on the public tracking page).",
    )


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)


class ReturnSerializer(ReasonSerializer):
    suggested_unit = UnitField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )


class ExtensionSerializer(ReasonSerializer):
    extra_days = serializers.IntegerField(min_value=1, max_value=30)


class AssignmentCallbackSerializer(serializers.Serializer):
    solved = serializers.ChoiceField(
        choices=Callback.Solved.choices, required=False, allow_blank=True, default=""
    )
    satisfaction = serializers.ChoiceField(
        choices=Callback.Satisfaction.choices, error_messages=SATISFACTION_ERRORS
    )
    comment = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class CloseSerializer(serializers.Serializer):
    """办结 cannot be undone: the caller confirms it (the page asks; an API client says so)."""

    confirm = serializers.BooleanField(
        required=True,
        error_messages={"required": _("Confirm the closing: it cannot be undone.")},
        help_text="true: the user confirmed closing the ticket.",
    )

    def validate_confirm(self, value):
        if not value:
            raise serializers.ValidationError(_("Confirm the closing: it cannot be undone."))
        return value


class UnitRequestSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="assignment.ticket.number", read_only=True)
    unit_name = serializers.CharField(source="assignment.unit.name", read_only=True)
    suggested_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = UnitRequest
        fields = [
            "id",
            "assignment",
            "ticket_number",
            "unit_name",
            "kind",
            "reason",
            "suggested_unit",
            "extra_days",
            "decision",
            "requested_at",
            "decided_at",
            "decision_note",
        ]


class DecisionSerializer(serializers.Serializer):
    approve = serializers.BooleanField()
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    new_unit = UnitField(
        queryset=Unit.objects.filter(is_active=True),
        required=False,
        allow_null=True,
        default=None,
    )
