"""The one form field for several photos in one input, used by every page that takes photos (a
whistle's steps, the citizens' public form). Each page gives its own limit and per-photo check."""

from collections.abc import Callable

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to ``max_count`` photos; ``check(upload)`` raises ValidationError or returns a problem's
    text (None when the photo is fine). All problems are reported together, each with its file."""

    def __init__(
        self, *, max_count: Callable[[], int] | int, check: Callable[[UploadedFile], str | None], **kwargs
    ):
        self.max_count, self.check = max_count, check
        kwargs.setdefault("widget", PhotosInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        limit = self.max_count() if callable(self.max_count) else self.max_count
        if len(uploads) > limit:
            raise ValidationError(gettext("At most %(count)s photos.") % {"count": limit}, code="max_count")
        cleaned = [super(PhotosField, self).clean(upload, initial) for upload in uploads]
        problems = []
        for upload in cleaned:
            try:
                problem = self.check(upload)
            except ValidationError as error:
                problems.extend(error.messages)
            else:
                if problem:
                    problems.append(f"{upload.name}: {problem}")
        if problems:
            raise ValidationError(problems, code="invalid")
        return cleaned
