from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CitizenReportsConfig(AppConfig):
    name = "citizenreports"
    verbose_name = _("Citizens' own reports")
