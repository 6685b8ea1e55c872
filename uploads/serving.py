"""Serving a stored upload to someone the caller has already authorised.

By default the file is streamed by Django from its storage (any backend: it is opened through the
storage, never by path). In production the web server can send it instead: with
``PROTECTED_MEDIA_SERVER = "nginx"`` the answer is empty with ``X-Accel-Redirect`` pointing into an
``internal`` location under ``PROTECTED_MEDIA_INTERNAL_PREFIX``; with ``"apache"`` it carries
``X-Sendfile`` with the file's path (mod_xsendfile). Both only for files on disk
(``FILE_STORAGE = "filesystem"``); on object storage (S3) Django streams them. Either way the
headers that matter are set here: the type from our own records, the original name, no sniffing,
private caching only."""

from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from uploads.content_types import IMAGE_TYPES, download_name

SERVERS = ("", "nginx", "apache")
# Shown in the page where they are linked; everything else is offered as a download.
INLINE_TYPES = IMAGE_TYPES | {"audio/mpeg", "audio/wav", "audio/amr", "audio/mp4"}


def _local_path(file: FieldFile, server: str) -> str:
    """The file's path on disk: the web server can only send files it can read itself."""
    try:
        return file.storage.path(file.name)
    except NotImplementedError as exc:
        raise ImproperlyConfigured(
            f"PROTECTED_MEDIA_SERVER = {server!r} needs FILE_STORAGE = 'filesystem' (files on disk); "
            "with object storage leave it empty and Django streams them."
        ) from exc


def _offloaded(file: FieldFile, server: str) -> HttpResponse:
    response = HttpResponse()
    path = _local_path(file, server)
    if server == "nginx":
        prefix = settings.PROTECTED_MEDIA_INTERNAL_PREFIX.rstrip("/")
        response["X-Accel-Redirect"] = f"{prefix}/{quote(file.name)}"
    else:
        response["X-Sendfile"] = path
    return response


def _streamed(file: FieldFile) -> FileResponse:
    """From the storage it lives in (any backend), never opened by path. A row whose file is
    gone answers 404, like a row that is not there."""
    try:
        return FileResponse(file.storage.open(file.name, "rb"))
    except FileNotFoundError as exc:
        raise Http404 from exc


def protected_file_response(*, file: FieldFile, content_type: str, original_name: str) -> HttpResponse:
    server = settings.PROTECTED_MEDIA_SERVER
    if server not in SERVERS:
        raise ImproperlyConfigured(f"PROTECTED_MEDIA_SERVER must be one of {SERVERS}, not {server!r}.")
    response = _offloaded(file, server) if server else _streamed(file)
    response["Content-Type"] = content_type
    response["Content-Disposition"] = content_disposition_header(
        content_type not in INLINE_TYPES, download_name(original_name, content_type)
    )
    response["X-Content-Type-Options"] = "nosniff"
    patch_cache_control(response, private=True, max_age=settings.PROTECTED_MEDIA_MAX_AGE)
    return response
