"""The OpenAPI schema tells the truth in two ways added here once rather than on each view:

- which errors an operation can answer, in the one error body of ``api.errors``: every view raises
  them the same way (validation 400, authentication 401, permission 403, not found or not visible
  404, state conflict 409, body too large 413, unreadable media type 415, throttled 429), so they
  follow from what the operation takes;
- which lists are paged: only a viewset's ``list`` pages (no other action calls the paginator),
  so an extra action answering a list (``suggest``, ``duplicates``) is a plain array;
- which fields can be null: a field read through a nullable relation or column
  (``source="parent.code"``, a ``SlugRelatedField`` on a nullable foreign key) or with
  ``default=None`` answers null, whatever its own type says."""

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from rest_framework import serializers
from rest_framework.permissions import AllowAny

WRITE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        required=False, help_text="Validation errors only: messages per field (nested for nested data)."
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class AutoSchema(SpectacularAutoSchema):
    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        error = self._get_response_for_code(ErrorSerializer, "400")
        for code in self._error_status_codes(operation):
            operation["responses"].setdefault(str(code), error)
        return operation

    def _error_status_codes(self, operation) -> list[int]:
        parameters = operation.get("parameters", [])
        takes_query = any(p["in"] == "query" for p in parameters)
        takes_path = any(p["in"] == "path" for p in parameters)
        takes_text_path = any(
            p["in"] == "path" and p.get("schema", {}).get("type") != "integer" for p in parameters
        )
        takes_body = "requestBody" in operation
        codes = [401]
        if takes_body or takes_query or takes_text_path:
            codes.append(400)
        if not self._allows_anyone():
            codes.append(403)
        if takes_path or takes_query or takes_body:  # an object not visible (named in the path or
            codes.append(404)  # the body), or a page past the end
        if self.method in WRITE_METHODS and not self._allows_anyone():
            codes.append(409)
        if takes_body:
            codes += [413, 415]  # too large; a media type (or multipart body) it cannot read
        if self.view.get_throttles():
            codes.append(429)
        return codes

    def _get_paginator(self):
        action = getattr(self.view, "action", None)
        if action is not None and action != "list":
            return None
        return super()._get_paginator()

    def _get_serializer_field_meta(self, field, direction):
        meta = super()._get_serializer_field_meta(field, direction)
        if isinstance(field, serializers.Field) and not field.allow_null and may_be_null(field):
            meta["nullable"] = True
        return meta

    def _allows_anyone(self) -> bool:
        permissions = self.view.get_permissions()
        return not permissions or any(isinstance(permission, AllowAny) for permission in permissions)


def may_be_null(field: serializers.Field) -> bool:
    if field.default is None:
        return True
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    for attr in getattr(field, "source_attrs", []):
        if model is None:
            return False
        try:
            model_field = model._meta.get_field(attr)
        except FieldDoesNotExist:
            return False
        if model_field.null:
            return True
        model = model_field.related_model
    return False
