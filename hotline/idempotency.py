"""Idempotent intake, the pure part: whose key it is, and a fingerprint of the request it names.

A key belongs to one caller of the API (an operator, an Open311 client): the same key from someone
else is a different request. It is bound to a fingerprint of the request's validated content, so a
retry (same content) gets the first ticket while reusing the key for other content is refused."""

import dataclasses
import hashlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal

from django.core.files import File
from django.db.models import Model
from django.utils.translation import gettext_lazy as _


@dataclasses.dataclass(frozen=True)
class Idempotency:
    scope: str  # whose key: "user:<id>" or "open311:<client id>"
    key: str
    fingerprint: str  # request_fingerprint() of what the request asks for


class IdempotencyKeyReused(Exception):
    """The key was already used, in the same scope, for a request with other content."""

    message = _(
        "This Idempotency-Key was already used for a different request. Use a new key for a new request."
    )


def user_scope(user) -> str:
    return f"user:{user.pk}"


def client_scope(client) -> str:
    return f"open311:{client.pk}"


def _file_digest(upload: File) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def _canonical(value):
    """Plain JSON values for the fingerprint: related rows by their primary key, files by name and
    content, dates as ISO 8601, mappings, dataclasses and sequences recursively."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Decimal | date | datetime):
        return str(value) if isinstance(value, Decimal) else value.isoformat()
    if isinstance(value, Model):
        return {"model": value._meta.label_lower, "pk": value.pk}
    if isinstance(value, File):
        return {"file": value.name, "sha256": _file_digest(value)}
    if dataclasses.is_dataclass(value):
        value = {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_canonical(item) for item in value]
    raise TypeError(f"no canonical form for {type(value).__name__}")


def request_fingerprint(data) -> str:
    """sha256 of the canonical JSON (sorted keys) of a request's validated data: the same for a
    retry whatever its field order, spacing or number formatting; different when any value differs."""
    canonical = json.dumps(_canonical(data), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
