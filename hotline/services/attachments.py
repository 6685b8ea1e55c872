"""Storing a ticket's attachment: under a random name, with the type its bytes confirmed."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from hotline.attachments import attachment_kind
from hotline.models import Attachment, Ticket
from uploads.content_types import confirmed_type, upload_head


def attachment_add(*, ticket: Ticket, upload: UploadedFile) -> Attachment:
    """Checked by ``hotline.attachments.attachment_problem`` before the ticket is made; checked
    again here so that no caller can store a file whose bytes do not match its extension."""
    content_type = confirmed_type(name=upload.name, head=upload_head(upload))
    if content_type is None:
        problem = _("The file's content does not match its type.")
        raise ValidationError({"attachments": f"{upload.name}: {problem}"})
    return Attachment.objects.create(
        ticket=ticket,
        file=upload,
        kind=attachment_kind(upload.name),
        content_type=content_type,
        size=upload.size,
        original_name=upload.name[:255],
    )
