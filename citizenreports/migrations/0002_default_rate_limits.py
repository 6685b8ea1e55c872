from datetime import UTC, datetime

from django.db import migrations

# Per hour: codes and reports a phone may ask for or file, and a client address (several people
# may share one behind a mobile carrier's network, hence the larger number).
DEFAULTS = [
    ("code", "phone", 5),
    ("code", "client", 30),
    ("report", "phone", 5),
    ("report", "client", 30),
]
SINCE = datetime(2026, 1, 1, tzinfo=UTC)


def add_defaults(apps, schema_editor):
    policy = apps.get_model("citizenreports", "RateLimitPolicy")
    for action, scope, limit in DEFAULTS:
        policy.objects.get_or_create(
            action=action,
            scope=scope,
            effective_from=SINCE,
            defaults={"limit": limit, "window_minutes": 60, "note": "default"},
        )


class Migration(migrations.Migration):
    dependencies = [("citizenreports", "0001_initial")]

    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
