"""Each clock names the unit it counts for in the assessment (its lead assignment's unit), copied
from the assignment, so that the monthly computation reads the month's clocks alone."""

import django.db.models.deletion
from django.db import migrations, models

# Portable SQL (SQLite and PostgreSQL): one statement, each clock looking up its assignment by key.
BACKFILL = """
UPDATE dispatch_clock SET assessed_unit_id = (
    SELECT a.unit_id FROM dispatch_assignment a WHERE a.id = dispatch_clock.assignment_id AND a.role = 'lead'
)
"""


class Migration(migrations.Migration):
    dependencies = [
        ("dispatch", "0009_clock_and_alert_without_redundant_fk_indexes"),
        ("units", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="clock",
            name="assessed_unit",
            field=models.ForeignKey(
                blank=True,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="units.unit",
                verbose_name="assessed unit",
            ),
        ),
        migrations.RunSQL(BACKFILL, reverse_sql=migrations.RunSQL.noop),
    ]
