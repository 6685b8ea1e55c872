from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "hotline"
    verbose_name = _("Hotline intake")

    def ready(self):
        from hotline.models import Category, RequestType
        from hotline.selectors.reference import intake_reference_changed

        # Not business logic: only drops the per-process copy intake reads reference data from.
        for model in (RequestType, Category):
            for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"intake_reference.{model.__name__}.{name}"
                signal.connect(intake_reference_changed, sender=model, dispatch_uid=uid)
