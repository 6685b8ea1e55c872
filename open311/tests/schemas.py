"""The open311 project's JSON Schemas (copied into schema/ so the tests need nothing outside the
repository), plus the documents the project publishes no schema for: discovery, the POST answer,
the token answer and the error list — written from the GeoReport v2 text."""

import json
from pathlib import Path

from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

SCHEMA_DIR = Path(__file__).parent / "schema"

NULLABLE_STRING = {"anyOf": [{"type": "string"}, {"type": "null"}]}

DISCOVERY = {
    "type": "object",
    "required": ["changeset", "contact", "key_service", "endpoints"],
    "properties": {
        "changeset": {"type": "string"},
        "contact": {"type": "string"},
        "key_service": {"type": "string"},
        "endpoints": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["specification", "url", "changeset", "type", "formats"],
                "properties": {
                    "specification": {"type": "string"},
                    "url": {"type": "string"},
                    "changeset": {"type": "string"},
                    "type": {"enum": ["production", "test"]},
                    "formats": {"type": "array", "items": {"enum": ["text/xml", "application/json"]}},
                },
            },
        },
    },
}

# POST requests: "service_request_id" or "token", with service_notice and account_id.
POST_ANSWER = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "anyOf": [{"required": ["service_request_id"]}, {"required": ["token"]}],
        "properties": {
            "service_request_id": {"type": "string"},
            "token": {"type": "string"},
            "service_notice": NULLABLE_STRING,
            "account_id": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
}

TOKEN_ANSWER = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["service_request_id", "token"],
        "properties": {"service_request_id": {"type": "string"}, "token": {"type": "string"}},
        "additionalProperties": False,
    },
}

ERRORS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["code", "description"],
        "properties": {"code": {"type": "integer"}, "description": {"type": "string", "minLength": 1}},
        "additionalProperties": False,
    },
}


def _load(name: str) -> dict:
    return json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))


REGISTRY = Registry().with_resources(
    (path.name, Resource.from_contents(_load(path.name), default_specification=DRAFT7))
    for path in sorted(SCHEMA_DIR.glob("*.json"))
)


def validate(data, schema: str | dict) -> None:
    """Raises jsonschema.ValidationError when ``data`` does not fit; ``schema`` is a file name in
    schema/ or a schema itself."""
    contents = _load(schema) if isinstance(schema, str) else schema
    Draft7Validator(contents, registry=REGISTRY, format_checker=Draft7Validator.FORMAT_CHECKER).validate(data)
