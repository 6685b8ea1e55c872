from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class UnitsConfig(AppConfig):
    name = "units"
    verbose_name = _("Organisational units")

    def ready(self):
        from units.models import Unit
        from units.tree import unit_tree_changed

        # Not business logic: only drops the per-process copy of the unit tree (units.tree).
        post_save.connect(unit_tree_changed, sender=Unit, dispatch_uid="units.tree.saved")
        post_delete.connect(unit_tree_changed, sender=Unit, dispatch_uid="units.tree.deleted")
