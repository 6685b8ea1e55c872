"""The shipped wording of the three messages, in Chinese. Supervisors change it in the admin by
adding a row with a later date (or editing these)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

DEFAULTS = {
    "receipt": "您反映的诉求已受理，工单号{number}。可凭工单号和来电号码后四位查询办理进度：{tracking_url}",
    "reply": "您反映的诉求（工单号{number}）已有办理结果：{result}。请您评价是否解决、是否满意：{callback_url}",
    "extension": "您反映的诉求（工单号{number}）经批准延期办理，承办单位将于{new_date}前答复您。进度查询：{tracking_url}",
}
EFFECTIVE_FROM = datetime(2026, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))


def add_defaults(apps, schema_editor):
    SmsTemplate = apps.get_model("sms", "SmsTemplate")
    for kind, text in DEFAULTS.items():
        SmsTemplate.objects.get_or_create(
            kind=kind,
            language="zh-hans",
            effective_from=EFFECTIVE_FROM,
            defaults={"text": text, "note": "默认模板"},
        )


def remove_defaults(apps, schema_editor):
    SmsTemplate = apps.get_model("sms", "SmsTemplate")
    SmsTemplate.objects.filter(language="zh-hans", effective_from=EFFECTIVE_FROM, note="默认模板").delete()


class Migration(migrations.Migration):
    dependencies = [("sms", "0001_messages_and_templates")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
