"""The hotline's reference data as the API shows it: request types, categories, category suggestions."""

from rest_framework import serializers

from hotline.models import Category, RequestType


class RequestTypeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)

    class Meta:
        model = RequestType
        fields = ["code", "name", "direct_answer_allowed", "confidential_by_default"]


class CategorySerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(source="parent.code", default=None, read_only=True)
    department_kind = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # name and path in the interface's language; both wordings too, so a picker finds a category
    # whichever language the operator types in.
    name = serializers.CharField(source="display_name", read_only=True)
    path = serializers.CharField(source="display_path", read_only=True)
    name_zh = serializers.CharField(source="name", read_only=True)
    path_zh = serializers.CharField(source="path", read_only=True)

    class Meta:
        model = Category
        fields = [
            "id",
            "code",
            "name",
            "path",
            "name_zh",
            "path_zh",
            "name_en",
            "path_en",
            "level",
            "parent_code",
            "default_tier",
            "matter",
            "department_kind",
            "keywords",
        ]


class CategorySuggestionSerializer(serializers.Serializer):
    category_code = serializers.CharField()
    category_path = serializers.CharField()
    score = serializers.FloatField()
    source = serializers.CharField()
    default_tier = serializers.CharField()
    matter = serializers.CharField()
    department_kind_code = serializers.CharField(allow_null=True)
