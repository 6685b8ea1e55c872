"""Every installation starts with example scoring schemes, effective from 2019-01-01. No official
formula or weight table is public (DOMAIN.md §7), so these are examples to replace, by adding rows
with a later date:

- districts and streets/townships: 20 % response, 40 % resolution, 40 % satisfaction (a reported
  scheme, unconfirmed);
- departments and public-service enterprises: 10/45/45 (the other reported scheme): their
  promptness is also assessed through whistles (双考核), so the response rate weighs less here;
- "basically satisfied" counts 0.8 (k), "partly solved" counts 0.5;
- minimum sample: 10 assessed orders per rate (30 for districts, which each hold many streets);
- top/bottom lists: 10 for the 300-odd streets (the top-ten and bottom-ten read out in Beijing),
  3 for the 16 districts, 5 for departments, 3 for enterprises."""

from datetime import date
from decimal import Decimal

from django.db import migrations

NOTE = "Example (DOMAIN.md §7), not an official scheme: replace with the city's own."
SCHEMES = {
    # kind: (response, resolution, satisfaction, min_assessed, top_n, bottom_n)
    "district": ("0.2", "0.4", "0.4", 30, 3, 3),
    "street": ("0.2", "0.4", "0.4", 10, 10, 10),
    "department": ("0.1", "0.45", "0.45", 10, 5, 5),
    "enterprise": ("0.1", "0.45", "0.45", 10, 3, 3),
}


def create(apps, schema_editor):
    scheme = apps.get_model("metrics", "ScoringScheme")
    for kind, (response, resolution, satisfaction, minimum, top, bottom) in SCHEMES.items():
        scheme.objects.get_or_create(
            unit_kind=kind,
            effective_from=date(2019, 1, 1),
            defaults={
                "weight_response": Decimal(response),
                "weight_resolution": Decimal(resolution),
                "weight_satisfaction": Decimal(satisfaction),
                "basic_credit": Decimal("0.8"),
                "partly_credit": Decimal("0.5"),
                "min_assessed": minimum,
                "top_n": top,
                "bottom_n": bottom,
                "note": NOTE,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("metrics", "0001_initial")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
