"""One error body for every API answer:

    {"error": {"status": 400, "code": "invalid", "message": "…", "fields": {"content": ["…"]}}}

``fields`` appears for validation errors only; messages are in the request's language."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler

from core.transitions import TransitionError, TransitionForbidden
from hotline.idempotency import IdempotencyKeyReused


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Conflict."
    default_code = "conflict"


class Unprocessable(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_detail = "Unprocessable request."
    default_code = "unprocessable"


def _as_api_exception(exc):
    if isinstance(exc, DjangoValidationError):
        return exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        return exceptions.PermissionDenied()
    if isinstance(exc, TransitionError):
        return Conflict(str(exc))
    if isinstance(exc, IdempotencyKeyReused):
        return Unprocessable(exc.message, code="idempotency_key_reused")
    if isinstance(exc, TransitionForbidden):
        return exceptions.PermissionDenied(str(exc))
    return exc


def exception_handler(exc, context):
    exc = _as_api_exception(exc)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        body = {
            "status": response.status_code,
            "code": "invalid",
            "message": _("The request contains invalid data."),
            "fields": exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail},
        }
    else:
        codes = exc.get_codes()
        body = {
            "status": response.status_code,
            "code": codes if isinstance(codes, str) else exc.default_code,
            "message": str(exc.detail)
            if not isinstance(exc.detail, dict | list)
            else str(exc.default_detail),
        }
    response.data = {"error": body}
    return response


def _error_response(status_code: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": {"status": status_code, "code": code, "message": message}}, status=status_code
    )


def server_error(request, *args, **kwargs):
    """JSON 500 for API paths (pages get templates/500.html)."""
    return _error_response(500, "server_error", _("An internal error occurred. It has been logged."))


def not_found(request, exception=None):
    """JSON 404 for API paths no view matched (an id that is not a number, a mistyped path)."""
    return _error_response(404, "not_found", _("Not found."))


def bad_request(request, exception=None):
    """JSON 400 for API requests Django refused before any view (413 for a body over its limit)."""
    if isinstance(exception, RequestDataTooBig):
        return _error_response(413, "too_large", _("The request body is too large."))
    return _error_response(400, "bad_request", _("The request could not be understood."))
