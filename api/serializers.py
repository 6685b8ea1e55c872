from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Membership, User
from units.models import Unit
from units.selectors import unit_label, units_named


class UnitSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    department_kind = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Unit
        fields = ["id", "code", "name", "kind", "parent", "parent_code", "department_kind"]


class MembershipSerializer(serializers.ModelSerializer):
    unit = UnitSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["role", "unit"]


class MeSerializer(serializers.ModelSerializer):
    memberships = MembershipSerializer(many=True, read_only=True)

    class Meta:
        model = User
        fields = ["id", "username", "full_name", "memberships"]


class UnitPickSerializer(serializers.ModelSerializer):
    """A picker's line: the code it submits and the label it shows ("八里庄街道（朝阳区）")."""

    label = serializers.SerializerMethodField()

    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "label"]

    def get_label(self, unit) -> str:
        return unit_label(unit)


@extend_schema_field(
    {
        "type": "string",
        "description": "A unit's code, its exact name, or a picker's label (八里庄街道（朝阳区）)",
    }
)
class UnitField(serializers.RelatedField):
    """A unit given by its code, by its exact name when one unit has it, or by a picker's label
    ("八里庄街道（朝阳区）"); anything else is refused with a message in words, never DRF's
    "object with code=… does not exist"."""

    default_error_messages = {
        "required": _("Choose a unit from the list."),
        "null": _("Choose a unit from the list."),
        "incorrect_type": _("Choose a unit from the list."),
        "not_found": _("No unit is named “{value}”; choose one from the list."),
        "ambiguous": _("Several units are named “{value}”; choose one from the list."),
    }

    def to_internal_value(self, data):
        if not isinstance(data, str) or isinstance(data, bool):
            self.fail("incorrect_type")
        if not data.strip():
            self.fail("required")
        found = units_named(self.get_queryset(), data)
        if not found:
            self.fail("not_found", value=data.strip()[:100])
        if len(found) > 1:
            self.fail("ambiguous", value=data.strip()[:100])
        return found[0]

    def to_representation(self, value):
        return value.code
