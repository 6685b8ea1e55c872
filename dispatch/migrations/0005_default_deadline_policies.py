"""Every installation starts with the default deadline policy (see dispatch/deadlines/defaults.py for
the reasoning); a city changes it by adding rows with a later effective date."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

START = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
DEFAULTS = {
    "T1": (15, 30, 2, "hours", 0),
    "T2": (30, 120, 24, "hours", 0),
    "T3": (120, 1440, 7, "working_days", 1),
    "T4": (120, 1440, 15, "working_days", 1),
}


def create(apps, schema_editor):
    policy = apps.get_model("dispatch", "DeadlinePolicy")
    for tier, (sign, contact, amount, unit, extensions) in DEFAULTS.items():
        policy.objects.get_or_create(
            tier=tier,
            effective_from=START,
            defaults={
                "sign_minutes": sign,
                "contact_minutes": contact,
                "reply_amount": amount,
                "reply_unit": unit,
                "max_extensions": extensions,
                "warning_ratio": 0.75,
                "note": "default",
            },
        )


class Migration(migrations.Migration):
    dependencies = [("dispatch", "0004_calendarday_clock_clockalert_contactrecord_and_more")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
