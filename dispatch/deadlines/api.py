from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.bounds import WindowDateTimeField
from dispatch.deadlines.preview import deadline_preview
from hotline.models import Tier


class PreviewQuerySerializer(serializers.Serializer):
    start = WindowDateTimeField(required=False)
    tier = serializers.ChoiceField(choices=Tier.choices)


class DeadlinePreviewView(APIView):
    """The deadlines a ticket of a tier would get if dispatched at ``start`` (default now)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("tier", str, required=True, enum=Tier.values),
            OpenApiParameter("start", str, description="ISO 8601; default now"),
        ],
        responses={200: {"type": "object"}},
    )
    def get(self, request):
        query = PreviewQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        start = query.validated_data.get("start") or timezone.now()
        return Response(deadline_preview(start=start, tier=query.validated_data["tier"]))
