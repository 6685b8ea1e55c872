"""Downloading a ticket's attachment: only for those who may see the ticket (others get 404,
anonymous callers 401/403), served by ``uploads.serving``."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.views import APIView

from hotline.selectors.tickets import visible_attachments
from uploads.serving import protected_file_response


class AnyAccept(BaseContentNegotiation):
    """The answer is the file, whatever the client asks for (an ``<img>`` asks for images only);
    error bodies are JSON."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class AttachmentFileView(APIView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="attachment_file",
        responses={
            (200, "*/*"): OpenApiTypes.BINARY,
            401: OpenApiResponse(description="Not signed in."),
            403: OpenApiResponse(description="Not signed in (session)."),
            404: OpenApiResponse(description="No such attachment on a ticket you may see."),
        },
    )
    def get(self, request, pk: int):
        """The attachment's bytes, with its type and original file name."""
        attachment = get_object_or_404(visible_attachments(request.user), pk=pk)
        return protected_file_response(
            file=attachment.file,
            content_type=attachment.content_type,
            original_name=attachment.original_name,
        )
