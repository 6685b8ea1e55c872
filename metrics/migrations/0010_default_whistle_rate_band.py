"""A starting band for the whistle rate: 1 to 20 whistles per 1,000 tickets dispatched to a street.
An example for the city to replace with its own (a row with a later date); the figures read the
newest row effective on a period's first day."""

from datetime import date
from decimal import Decimal

from django.db import migrations


def create(apps, schema_editor):
    band = apps.get_model("metrics", "WhistleRateBand")
    band.objects.get_or_create(
        effective_from=date(2019, 1, 1),
        defaults={
            "low_per_1000": Decimal("1.00"),
            "high_per_1000": Decimal("20.00"),
            "note": "Starting example; replace with the city's own band.",
        },
    )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0009_whistle_rate_band")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
