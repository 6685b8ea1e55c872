import copy

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hotline.attachments import attachment_problem
from hotline.caller import InvalidPhone, phone_normalise
from hotline.geo import in_china, to_wgs84
from hotline.models import (
    CLOSING_DISPOSITIONS,
    Callback,
    Channel,
    Ticket,
    TicketEvent,
    Tier,
)
from hotline.selectors.reference import (
    categories_offered,
    category_offered,
    request_type_offered,
    request_types_offered,
)
from hotline.selectors.tickets import caller_view
from hotline.services.intake import TicketDraft
from uploads.content_types import upload_head

# Characters of content the caller-history list shows per ticket.
CALLER_HISTORY_SUMMARY = 60


class FieldsBuiltOnce:
    """DRF builds a serializer's fields on every instantiation (a ModelSerializer from the model's
    metadata) and deep-copies them, a third of an intake's CPU. They depend only on the class: build
    them once, and hand each instance shallow copies (``fresh_field``)."""

    def get_fields(self):
        built = type(self).__dict__.get("_fields_built")
        if built is None:
            built = super().get_fields()
            type(self)._fields_built = built
        return {name: fresh_field(field) for name, field in built.items()}


def fresh_field(field):
    """A copy of a built, never bound field for one serializer instance. Binding sets the name, the
    parent (through which ``context`` is found) and the source on the copy itself, so the copies share
    only what no instance changes: choices, messages, validators, querysets. A list's child or a
    many-relation's child gets a copy of its own under the new parent (it was bound, nameless, when its
    parent was built: only the parent differs); a nested serializer builds its own fields when used."""
    clone = copy.copy(field)
    clone.__dict__.pop("_fields", None)
    for attribute in ("child", "child_relation"):
        child = field.__dict__.get(attribute)
        if child is not None:
            child = fresh_field(child)
            child.parent = clone
            setattr(clone, attribute, child)
    return clone


class OfferedCodeField(serializers.SlugRelatedField):
    """A reference row by its code, found through ``lookup`` (hotline.selectors.reference: this
    process's copy) instead of a query per request; ``queryset`` describes the choices."""

    def __init__(self, *, lookup, **kwargs):
        self.lookup = lookup
        super().__init__(slug_field="code", **kwargs)

    def to_internal_value(self, data):
        if not isinstance(data, str | int) or isinstance(data, bool):
            self.fail("invalid")
        found = self.lookup(str(data))
        if found is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=str(data))
        return found


class TicketCreateSerializer(FieldsBuiltOnce, serializers.Serializer):
    """Validates a call. Every problem is reported against its field, in the request's language."""

    channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
    request_type = OfferedCodeField(queryset=request_types_offered(), lookup=request_type_offered)
    category = OfferedCodeField(
        queryset=categories_offered(),
        lookup=category_offered,
        error_messages={
            "required": _("Choose a category."),
            "null": _("Choose a category."),
            "does_not_exist": _("No category “{value}” is offered; choose one from the list."),
            "invalid": _("Choose a category."),
        },
    )
    content = serializers.CharField(max_length=settings.HOTLINE_CONTENT_MAX_CHARS, trim_whitespace=True)
    caller_name = serializers.CharField(max_length=64, required=False, allow_blank=True, default="")
    caller_phone = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    confidential = serializers.BooleanField(required=False, allow_null=True, default=None)
    # SMS to the caller; null: yes unless anonymous or confidential (sms.services.sms_wanted).
    sms_consent = serializers.BooleanField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    crs = serializers.ChoiceField(choices=Ticket.Crs.choices, default=Ticket.Crs.WGS84)
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True, default="")
    tags = serializers.ListField(
        child=serializers.CharField(max_length=32), required=False, default=list, max_length=10
    )
    attachments = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=settings.HOTLINE_ATTACHMENT_MAX_COUNT,
    )

    # Close the call at once instead of sending it to dispatch (at most one of these).
    master = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    article = serializers.IntegerField(required=False, allow_null=True, default=None)
    disposition = serializers.ChoiceField(
        choices=CLOSING_DISPOSITIONS,
        required=False,
        allow_blank=True,
        default="",
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    target = serializers.ChoiceField(
        choices=["110", "119", "120", "122"], required=False, allow_blank=True, default=""
    )

    def validate_caller_phone(self, value):
        if not value:
            return ""
        try:
            phone, anonymous = phone_normalise(value)
        except InvalidPhone as exc:
            raise serializers.ValidationError(str(exc)) from exc
        return "anonymous" if anonymous else phone

    def validate_attachments(self, files):
        for upload in files:
            problem = attachment_problem(name=upload.name, size=upload.size, head=upload_head(upload))
            if problem:
                raise serializers.ValidationError(f"{upload.name}: {problem}")
        return files

    def validate(self, attrs):
        lng, lat = attrs.get("longitude"), attrs.get("latitude")
        if (lng is None) != (lat is None):
            raise serializers.ValidationError(
                {"latitude": _("Give both longitude and latitude, or neither.")}
            )
        if lng is not None and not in_china(*to_wgs84(lng, lat, attrs["crs"])):
            raise serializers.ValidationError({"longitude": _("These coordinates are outside China.")})
        if sum(bool(attrs[name]) for name in ("master", "article", "disposition")) > 1:
            raise serializers.ValidationError(
                {"non_field_errors": [_("Choose one outcome: merge, direct answer or disposition.")]}
            )
        if attrs["caller_phone"] == "" and attrs["channel"] == Channel.PHONE:
            raise serializers.ValidationError(
                {"caller_phone": _("Enter the caller's number, or “anonymous”.")}
            )
        return attrs

    def draft(self) -> TicketDraft:
        data = self.validated_data
        anonymous = data["caller_phone"] == "anonymous"
        return TicketDraft(
            channel=data["channel"],
            request_type=data["request_type"],
            category=data["category"],
            content=data["content"],
            caller_name=data["caller_name"],
            caller_phone="" if anonymous else data["caller_phone"],
            caller_anonymous=anonymous,
            confidential=data["confidential"],
            sms_consent=data["sms_consent"],
            address=data["address"],
            longitude=data["longitude"],
            latitude=data["latitude"],
            crs=data["crs"],
            tier=data["tier"],
            tags=tuple(dict.fromkeys(tag.strip() for tag in data["tags"] if tag.strip())),
            attachments=tuple(data["attachments"]),
        )


CALLER_SCHEMA = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "phone": {"type": "string", "description": "masked, e.g. 138****5678"},
        "anonymous": {"type": "boolean"},
        "hidden": {"type": "boolean", "description": "confidential: no caller data for this user"},
        "can_reveal": {"type": "boolean"},
    },
}
ATTACHMENTS_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "name": {"type": "string"},
            "kind": {"type": "string"},
            "size": {"type": "integer"},
            "url": {"type": "string"},
        },
    },
}


@extend_schema_field(CALLER_SCHEMA)
class CallerField(serializers.Field):
    """The caller as this user may see them (masked phone; hidden for confidential tickets)."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, ticket):
        view = caller_view(self.context["request"].user, ticket)
        return {
            "name": view.name,
            "phone": view.phone,
            "anonymous": view.anonymous,
            "hidden": view.hidden,
            "can_reveal": view.can_reveal,
        }


class TicketEventSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    actor = serializers.StringRelatedField()
    unit = serializers.StringRelatedField()

    class Meta:
        model = TicketEvent
        fields = ["action", "from_status", "to_status", "actor", "unit", "at", "reason", "payload"]


class TicketListSerializer(FieldsBuiltOnce, serializers.ModelSerializer):
    request_type = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category_path = serializers.CharField(source="category.display_path", read_only=True)
    caller = CallerField()

    class Meta:
        model = Ticket
        fields = [
            "id",
            "number",
            "received_at",
            "channel",
            "status",
            "request_type",
            "category",
            "category_path",
            "tier",
            "address",
            "content",
            "caller",
            "caller_count",
        ]


class CallerHistorySerializer(serializers.ModelSerializer):
    """One of a caller's earlier tickets, as the console lists them."""

    category_path = serializers.CharField(source="category.path", read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    summary = serializers.SerializerMethodField()

    class Meta:
        model = Ticket
        fields = ["id", "number", "received_at", "category_path", "status", "status_label", "summary"]

    def get_summary(self, ticket) -> str:
        return ticket.content[:CALLER_HISTORY_SUMMARY] + (
            "…" if len(ticket.content) > CALLER_HISTORY_SUMMARY else ""
        )


class TicketDetailSerializer(TicketListSerializer):
    events = TicketEventSerializer(many=True, read_only=True)
    master = serializers.SlugRelatedField(slug_field="number", read_only=True)
    tags = serializers.SlugRelatedField(slug_field="name", many=True, read_only=True)
    attachments = serializers.SerializerMethodField()

    class Meta(TicketListSerializer.Meta):
        fields = TicketListSerializer.Meta.fields + [
            "confidential",
            "longitude",
            "latitude",
            "disposition",
            "disposition_note",
            "master",
            "tags",
            "attachments",
            "events",
        ]

    @extend_schema_field(ATTACHMENTS_SCHEMA)
    def get_attachments(self, ticket):
        return [
            {
                "name": a.original_name,
                "kind": a.kind,
                "size": a.size,
                "url": reverse("api:attachment-file", args=[a.pk]),
            }
            for a in ticket.attachments.all()
        ]


class AnswerSerializer(serializers.Serializer):
    article = serializers.IntegerField()
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class DisposeSerializer(serializers.Serializer):
    disposition = serializers.ChoiceField(choices=CLOSING_DISPOSITIONS)
    reason = serializers.CharField(max_length=2000)
    target = serializers.ChoiceField(
        choices=["110", "119", "120", "122"], required=False, allow_blank=True, default=""
    )


class MergeSerializer(serializers.Serializer):
    master = serializers.CharField(max_length=20, help_text=_("Ticket number of the open master ticket"))


# The operator picks the citizen's answer; nothing is preselected, so none is recorded by default.
SATISFACTION_ERRORS = {
    "required": _("Choose whether the citizen is satisfied."),
    "null": _("Choose whether the citizen is satisfied."),
    "invalid_choice": _("Choose whether the citizen is satisfied."),
}


class CallbackSerializer(serializers.Serializer):
    solved = serializers.ChoiceField(
        choices=Callback.Solved.choices, required=False, allow_blank=True, default=""
    )
    satisfaction = serializers.ChoiceField(
        choices=Callback.Satisfaction.choices, error_messages=SATISFACTION_ERRORS
    )
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)

    def validate(self, attrs):
        if attrs["satisfaction"] != Callback.Satisfaction.UNREACHABLE and not attrs["solved"]:
            raise serializers.ValidationError({"solved": _("Say whether the matter was solved.")})
        return attrs


class DuplicateQuerySerializer(serializers.Serializer):
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    category = serializers.CharField(required=False, allow_blank=True, default="")
    address = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    content = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    longitude = serializers.FloatField(required=False, allow_null=True, default=None)
    latitude = serializers.FloatField(required=False, allow_null=True, default=None)
    crs = serializers.ChoiceField(choices=Ticket.Crs.choices, default=Ticket.Crs.WGS84)


class DuplicateCandidateSerializer(TicketListSerializer):
    """An earlier ticket that may be the same matter: why, and whether it may be merged into."""

    reasons = serializers.ListField(child=serializers.CharField())
    mergeable = serializers.BooleanField()

    class Meta(TicketListSerializer.Meta):
        fields = TicketListSerializer.Meta.fields + ["reasons", "mergeable"]
