"""Storing a ticket's attachment: under a random name, with the type its bytes confirmed."""

from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from hotline.attachments import attachment_kind, photo_problem
from hotline.models import Attachment, Ticket, TicketEvent
from uploads.content_types import confirmed_type, upload_head


def attachment_add(
    *, ticket: Ticket, upload: UploadedFile, event: TicketEvent | None = None, stage: str = ""
) -> Attachment:
    """Checked by ``hotline.attachments.attachment_problem`` before the ticket is made; checked
    again here so that no caller can store a file whose bytes do not match its extension."""
    content_type = confirmed_type(name=upload.name, head=upload_head(upload))
    if content_type is None:
        problem = _("The file's content does not match its type.")
        raise ValidationError({"attachments": f"{upload.name}: {problem}"})
    return Attachment.objects.create(
        ticket=ticket,
        event=event,
        stage=stage,
        file=upload,
        kind=attachment_kind(upload.name),
        content_type=content_type,
        size=upload.size,
        original_name=upload.name[:255],
    )


def photos_check(photos: dict[str, Sequence[UploadedFile]]) -> None:
    """Every photo of a reply, before anything is stored: ``photos`` maps a field name
    (``photos_before``, ``photos_after``) to its files. The errors name their field."""
    limit = settings.HOTLINE_REPLY_PHOTO_MAX_COUNT
    errors = {}
    for field, uploads in photos.items():
        problems = [
            f"{upload.name}: {problem}"
            for upload in uploads
            if (problem := photo_problem(name=upload.name, size=upload.size, head=upload_head(upload)))
        ]
        if problems:
            errors[field] = problems
    if not errors and sum(len(uploads) for uploads in photos.values()) > limit:
        errors[next(iter(photos))] = [_("At most %(count)s photos with one reply.") % {"count": limit}]
    if errors:
        raise ValidationError(errors)


def reply_photos_add(
    *, event: TicketEvent, before: Sequence[UploadedFile] = (), after: Sequence[UploadedFile] = ()
) -> list[Attachment]:
    """The photos sent with a reply, as attachments of its ticket linked to its event. Call inside
    the reply's transaction: all are checked before the first is stored."""
    photos_check({"photos_before": before, "photos_after": after})
    return [
        attachment_add(ticket=event.ticket, upload=upload, event=event, stage=stage)
        for stage, uploads in ((Attachment.Stage.BEFORE, before), (Attachment.Stage.AFTER, after))
        for upload in uploads
    ]
