"""The OpenAPI schema tells which errors an operation can answer, in the one error body of
``api.errors``: every view raises them the same way (validation 400, authentication 401, permission
403, not found or not visible 404, state conflict 409, body too large 413, throttled 429), so they
are added here once, from what the operation takes, rather than on each view."""

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
        if takes_path or takes_query:  # an object not visible, or a page past the end
            codes.append(404)
        if self.method in WRITE_METHODS and not self._allows_anyone():
            codes.append(409)
        if takes_body:
            codes.append(413)
        if self.view.get_throttles():
            codes.append(429)
        return codes

    def _allows_anyone(self) -> bool:
        permissions = self.view.get_permissions()
        return not permissions or any(isinstance(permission, AllowAny) for permission in permissions)
