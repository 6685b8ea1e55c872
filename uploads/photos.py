"""What every stored photo row records of its upload (supervision answers, proactive tasks)."""

from datetime import datetime

from uploads.content_types import image_type, upload_head


def photo_row_fields(upload, *, actor, at: datetime) -> dict:
    """The file, the image type its bytes announce (the photos were checked before: never None
    here), the name it came with (cut to the column), who stored it and when."""
    return {
        "file": upload,
        "content_type": image_type(upload_head(upload)),
        "original_name": upload.name[:255],
        "uploaded_at": at,
        "uploaded_by": actor,
    }
