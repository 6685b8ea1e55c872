from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every domain app shares: the compare-and-set transition, the beat-task lock, the
    immutable event row and its read-only admin. It imports no domain app. No concrete models, so
    the admin never lists it (hence no translated verbose name)."""

    name = "core"
