from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class SmsConfig(AppConfig):
    name = "sms"
    verbose_name = _("SMS to citizens")

    def ready(self):
        from sms.models import SmsTemplate
        from sms.selectors import sms_templates_changed

        # Not business logic: only drops the per-process copy of the wording.
        post_save.connect(sms_templates_changed, sender=SmsTemplate, dispatch_uid="sms_templates.saved")
        post_delete.connect(sms_templates_changed, sender=SmsTemplate, dispatch_uid="sms_templates.deleted")
