"""What a file is, decided by its first bytes: a name or a browser's word for the type proves nothing.

Each accepted extension has one content type, stored with the file and sent when it is served; a
file is accepted only when its bytes announce that type (or its family: a .docx is a zip, a .doc an
OLE2 compound file, a .txt has no signature, only text)."""

import codecs
from pathlib import PurePath

# Enough bytes for every signature below and for judging whether a file is text.
HEAD_BYTES = 512

JPEG, PNG, GIF, WEBP = "image/jpeg", "image/png", "image/gif", "image/webp"
MP3, WAV, AMR, M4A = "audio/mpeg", "audio/wav", "audio/amr", "audio/mp4"
PDF, TEXT = "application/pdf", "text/plain"
DOC, XLS = "application/msword", "application/vnd.ms-excel"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE2, ZIP = "application/x-ole-storage", "application/zip"

IMAGE_TYPES = frozenset({JPEG, PNG, GIF, WEBP})
# The content type each accepted extension stands for.
EXTENSION_TYPES = {
    ".jpg": JPEG,
    ".jpeg": JPEG,
    ".png": PNG,
    ".gif": GIF,
    ".webp": WEBP,
    ".mp3": MP3,
    ".wav": WAV,
    ".amr": AMR,
    ".m4a": M4A,
    ".pdf": PDF,
    ".doc": DOC,
    ".xls": XLS,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".txt": TEXT,
}
# The extension a stored file gets for its type: the type's own, never the uploader's.
TYPE_EXTENSIONS = {content_type: suffix for suffix, content_type in reversed(EXTENSION_TYPES.items())}
# Types whose bytes only show the container they are packed in.
CONTAINERS = {DOC: OLE2, XLS: OLE2, DOCX: ZIP, XLSX: ZIP}

SIGNATURES = (
    (0, b"\xff\xd8\xff", JPEG),
    (0, b"\x89PNG\r\n\x1a\n", PNG),
    (0, b"GIF87a", GIF),
    (0, b"GIF89a", GIF),
    (0, b"%PDF-", PDF),
    (0, b"ID3", MP3),
    (0, b"#!AMR", AMR),
    (0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE2),
    (0, b"PK\x03\x04", ZIP),
    (4, b"ftyp", M4A),
)
RIFF_FORMS = {b"WEBP": WEBP, b"WAVE": WAV}


def _mpeg_audio_frame(head: bytes) -> bool:
    """An MP3 without an ID3 tag starts with a frame header: 11 set sync bits, a layer that is
    not the reserved 00 (which also tells it from AAC's ADTS)."""
    return len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0 and head[1] & 0x06 != 0


def _text(head: bytes) -> bool:
    """No NUL bytes and readable as UTF-8 or GB18030 (a character cut at the end of the head
    does not count against it)."""
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(head, final=False)
        except UnicodeDecodeError:
            continue
        return True
    return False


def sniffed_type(head: bytes) -> str | None:
    """The type (or container) the first bytes of a file announce, among those we accept."""
    if head[:4] == b"RIFF" and head[8:12] in RIFF_FORMS:
        return RIFF_FORMS[head[8:12]]
    for offset, signature, content_type in SIGNATURES:
        if head[offset : offset + len(signature)] == signature:
            return content_type
    if _mpeg_audio_frame(head):
        return MP3
    return TEXT if _text(head) else None


def declared_type(name: str) -> str | None:
    """The content type a file name's extension stands for, if we accept that extension."""
    return EXTENSION_TYPES.get(PurePath(name).suffix.lower())


def confirmed_type(*, name: str, head: bytes) -> str | None:
    """The content type of a file whose bytes match its extension, else None."""
    expected = declared_type(name)
    if expected is None:
        return None
    return expected if sniffed_type(head) == CONTAINERS.get(expected, expected) else None


def image_type(head: bytes) -> str | None:
    """The image type the first bytes announce, whatever the file is called."""
    content_type = sniffed_type(head)
    return content_type if content_type in IMAGE_TYPES else None


def upload_head(upload) -> bytes:
    """The first bytes of an uploaded file, leaving it ready to be read from the start."""
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    return head


def download_name(original_name: str, content_type: str) -> str:
    """The name to offer when serving: the original one, with the type's own extension added
    when its extension says something else (a JPEG called evil.html is offered as evil.html.jpg)."""
    suffix = TYPE_EXTENSIONS.get(content_type)
    if suffix is None or EXTENSION_TYPES.get(PurePath(original_name).suffix.lower()) == content_type:
        return original_name
    return f"{original_name}{suffix}"
