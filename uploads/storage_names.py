"""Where an upload is stored: a random name under a fixed folder, never the uploader's file name
(which may be 身份证照片.png) and never a guessable date path."""

import uuid

from django.utils.deconstruct import deconstructible

from uploads.content_types import TYPE_EXTENSIONS


@deconstructible
class RandomName:
    """``upload_to`` for a FileField: ``<folder>/<2 hex>/<32 hex><extension of the type>``.
    The extension comes from the instance's ``content_type`` (set from the sniffed bytes before
    saving); the two-character level keeps any one folder small."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        token = uuid.uuid4().hex
        suffix = TYPE_EXTENSIONS.get(getattr(instance, "content_type", ""), ".bin")
        return f"{self.folder}/{token[:2]}/{token}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self):
        return hash(self.folder)
