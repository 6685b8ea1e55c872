from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FieldReportsConfig(AppConfig):
    """The two front doors beside the hotline's phone: grid workers' one-tap reports (一键报送) and
    leaders' items (领导交办). Both file an ordinary ticket through hotline's intake."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "fieldreports"
    verbose_name = _("Field reports and leaders' items")
