"""The summoned department's steps on a summons through the API: acknowledge, check in, report,
finish, and its one comment on the street's rating. Served at the same ``/summonses/`` routes as the
summonses the whistle API reads, which this viewset extends."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from departments import services
from streets.api.serializers import SummonsSerializer
from streets.api.views import SummonsViewSet
from streets.forms import PHOTO_MAX_COUNT, photo_check
from streets.models import Rating


class CheckInSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=73, max_value=136, required=False
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=3, max_value=54, required=False
    )

    photos = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        default=list,
        max_length=PHOTO_MAX_COUNT,
        help_text="Photos of the site (images; multipart/form-data).",
    )

    def validate_photos(self, uploads):
        """The whistle pages' check (``streets.forms.photo_check``): images by their bytes, size-capped."""
        problems = []
        for upload in uploads:
            try:
                photo_check(upload)
            except DjangoValidationError as error:
                problems += error.messages
        if problems:
            raise serializers.ValidationError(problems)
        return uploads


class SummonsTextSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=4000)


class SummonsNoteSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")


class DepartmentSummonsViewSet(SummonsViewSet):
    """Summonses of the whistles the user may see; a department acts on its own only."""

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
        return self._step(services.summons_acknowledge)

    @extend_schema(request=CheckInSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._step(services.summons_arrive, CheckInSerializer)

    @extend_schema(request=SummonsTextSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def report(self, request, pk=None):
        return self._step(services.summons_report, SummonsTextSerializer)

    @extend_schema(request=SummonsNoteSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"])
    def finish(self, request, pk=None):
        return self._step(services.summons_finish, SummonsNoteSerializer)

    @extend_schema(request=SummonsTextSerializer, responses=SummonsSerializer)
    @action(detail=True, methods=["post"], url_path="comment-rating")
    def comment_rating(self, request, pk=None):
        summons = self.get_object()
        rating = get_object_or_404(Rating, summons=summons)
        body = SummonsTextSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.rating_comment(rating=rating, actor=request.user, **body.validated_data)
        return Response(SummonsSerializer(self.get_queryset().get(pk=pk), context={"request": request}).data)
