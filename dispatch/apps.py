from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _


class DispatchConfig(AppConfig):
    name = "dispatch"
    verbose_name = _("Dispatch and deadlines")

    def ready(self):
        from dispatch.deadlines.reference import deadline_reference_changed
        from dispatch.models import CalendarDay, DeadlinePolicy, ResponsibilityEntry, RoutingRule
        from dispatch.routing.reference import routing_reference_changed
        from units.models import DepartmentKind, Unit

        # Not business logic: only drops the per-process copies routing and clocks read reference data from.
        for model in (RoutingRule, ResponsibilityEntry, Unit, DepartmentKind):
            for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"routing_reference.{model.__name__}.{name}"
                signal.connect(routing_reference_changed, sender=model, dispatch_uid=uid)
        for model in (DeadlinePolicy, CalendarDay):
            for signal, name in ((post_save, "saved"), (post_delete, "deleted")):
                uid = f"deadline_reference.{model.__name__}.{name}"
                signal.connect(deadline_reference_changed, sender=model, dispatch_uid=uid)
        m2m_changed.connect(
            routing_reference_changed,
            sender=ResponsibilityEntry.assisting_kinds.through,
            dispatch_uid="routing_reference.assisting_kinds",
        )
