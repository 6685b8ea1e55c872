"""Which files a ticket may carry, and how big: pure rules, checked before anything is saved."""

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from uploads.content_types import confirmed_type

KINDS = {
    "image": {".jpg", ".jpeg", ".png", ".webp", ".gif"},
    "audio": {".mp3", ".wav", ".amr", ".m4a"},
    "document": {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt"},
}


def attachment_kind(name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    return next((kind for kind, suffixes in KINDS.items() if suffix in suffixes), None)


def attachment_problem(*, name: str, size: int, head: bytes) -> str | None:
    """None when the file is acceptable, else a message for the user. ``head`` is the file's
    first bytes (``uploads.content_types.HEAD_BYTES`` of them): a file must start like its
    extension says, so a renamed executable or a text file called .webp is not stored."""
    kind = attachment_kind(name)
    if kind is None:
        allowed = "、".join(sorted(s for suffixes in KINDS.values() for s in suffixes))
        return _("Files of this type are not accepted. Allowed: %(allowed)s.") % {"allowed": allowed}
    limit = settings.HOTLINE_ATTACHMENT_MAX_MB[kind] * 1024 * 1024
    if size > limit:
        return _("The file is larger than %(mb)s MB.") % {"mb": settings.HOTLINE_ATTACHMENT_MAX_MB[kind]}
    if confirmed_type(name=name, head=head) is None:
        return _("The file's content does not match its type.")
    return None


def photo_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Like ``attachment_problem``, for a photo sent with a unit's reply: the same size limit and
    byte check, and an image only."""
    if attachment_kind(name) != "image":
        return _("Only photos are accepted here (JPEG, PNG, GIF or WebP).")
    return attachment_problem(name=name, size=size, head=head)
