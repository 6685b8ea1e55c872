"""Assessment scope over the API: appeals (units file, the hotline decides) and exclusions (the
hotline). Visibility as on the pages (metrics.scope_selectors); the services check who may act."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from dispatch.models import Assignment
from dispatch.selectors import visible_assignments
from metrics import services
from metrics.models import Appeal, Exclusion, ReasonCode
from metrics.scope_selectors import visible_appeals, visible_exclusions


class AppealSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="assignment.ticket.number", read_only=True)
    unit_name = serializers.CharField(source="unit.name", read_only=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "assignment",
            "ticket_number",
            "unit_name",
            "reason",
            "evidence",
            "filed_at",
            "decision",
            "decision_reason",
            "decided_at",
        ]
        read_only_fields = fields


class AppealFileSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ReasonCode.choices)
    evidence = serializers.CharField(max_length=4000)


class AppealDecisionSerializer(serializers.Serializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(max_length=2000)


class ExclusionSerializer(serializers.ModelSerializer):
    ticket_number = serializers.CharField(source="assignment.ticket.number", read_only=True)

    class Meta:
        model = Exclusion
        fields = ["id", "assignment", "ticket_number", "reason", "note", "excluded_at", "appeal"]
        read_only_fields = fields


class ExclusionAddSerializer(serializers.Serializer):
    assignment = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=ReasonCode.choices)
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


def _assignment(user, pk: int) -> Assignment:
    return get_object_or_404(visible_assignments(user), pk=pk)


class AppealViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AppealSerializer
    filterset_fields = ["decision"]
    queryset = Appeal.objects.none()  # for the schema; get_queryset answers requests

    def get_queryset(self):
        return visible_appeals(self.request.user)

    @extend_schema(request=AppealFileSerializer, responses={201: AppealSerializer})
    def create(self, request, *args, **kwargs):
        body = AppealFileSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        appeal = services.appeal_file(
            assignment=_assignment(request.user, data.pop("assignment")), actor=request.user, **data
        )
        return Response(AppealSerializer(appeal).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AppealDecisionSerializer, responses=AppealSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        body = AppealDecisionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        appeal = services.appeal_decide(appeal=self.get_object(), actor=request.user, **body.validated_data)
        return Response(AppealSerializer(appeal).data)


class ExclusionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ExclusionSerializer
    queryset = Exclusion.objects.none()  # for the schema; get_queryset answers requests

    def get_queryset(self):
        return visible_exclusions(self.request.user)

    @extend_schema(request=ExclusionAddSerializer, responses={201: ExclusionSerializer})
    def create(self, request, *args, **kwargs):
        body = ExclusionAddSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        exclusion = services.exclusion_add(
            assignment=_assignment(request.user, data.pop("assignment")), actor=request.user, **data
        )
        return Response(ExclusionSerializer(exclusion).data, status=status.HTTP_201_CREATED)
