"""Which files a ticket may carry, and how big: pure rules, checked before anything is saved."""

from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

KINDS = {
    "image": {".jpg", ".jpeg", ".png", ".webp", ".gif"},
    "audio": {".mp3", ".wav", ".amr", ".m4a"},
    "document": {".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt"},
}
# A file must start like its extension says, so a renamed executable is not stored as a photo.
SIGNATURES = {
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".pdf": (b"%PDF",),
}


def attachment_kind(name: str) -> str | None:
    suffix = PurePath(name).suffix.lower()
    return next((kind for kind, suffixes in KINDS.items() if suffix in suffixes), None)


def attachment_problem(*, name: str, size: int, head: bytes) -> str | None:
    """None when the file is acceptable, else a message for the user."""
    kind = attachment_kind(name)
    if kind is None:
        allowed = "、".join(sorted(s for suffixes in KINDS.values() for s in suffixes))
        return _("Files of this type are not accepted. Allowed: %(allowed)s.") % {"allowed": allowed}
    limit = settings.HOTLINE_ATTACHMENT_MAX_MB[kind] * 1024 * 1024
    if size > limit:
        return _("The file is larger than %(mb)s MB.") % {"mb": settings.HOTLINE_ATTACHMENT_MAX_MB[kind]}
    signatures = SIGNATURES.get(PurePath(name).suffix.lower())
    if signatures and not head.startswith(signatures):
        return _("The file's content does not match its type.")
    return None
