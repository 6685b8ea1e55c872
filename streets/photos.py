"""A whistle's photos: storing one under a random name with the image type its bytes announce,
and telling which type a stored one is."""

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from streets.models import Summons, Whistle, WhistlePhoto
from uploads.content_types import HEAD_BYTES, image_type, upload_head


def whistle_photo_add(
    *, whistle: Whistle, upload: UploadedFile, actor, summons: Summons | None = None
) -> WhistlePhoto:
    """The forms check photos first (``streets.forms.photo_check``); checked again here so that no
    caller can store a file that is not an image."""
    content_type = image_type(upload_head(upload))
    if content_type is None:
        raise ValidationError(_("%(name)s is not a JPEG, PNG, GIF or WebP image.") % {"name": upload.name})
    return WhistlePhoto.objects.create(
        whistle=whistle,
        summons=summons,
        file=upload,
        content_type=content_type,
        original_name=upload.name[:255],
        uploaded_by=actor,
    )


def photo_content_type(photo: WhistlePhoto) -> str | None:
    """The recorded type; for photos stored before types were recorded, the one their bytes
    announce (None: not an image after all, or gone; never served)."""
    if photo.content_type:
        return photo.content_type
    try:
        with photo.file.storage.open(photo.file.name, "rb") as handle:
            return image_type(handle.read(HEAD_BYTES))
    except FileNotFoundError:
        return None
