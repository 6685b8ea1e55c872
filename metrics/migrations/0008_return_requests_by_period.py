"""The return requests filed, and those approved, in a period: the monthly computation counts them per
unit (returns and mis-dispatches). Two small partial indexes let it read the period's requests (a
bitmap OR of the two ranges) and join each to its assignment, instead of hashing every assignment
ever made (benchmark_metrics --compute-only: the join grew with the history)."""

from django.db import migrations

INDEXES = [
    ("metrics_return_requested_idx", "(requested_at) WHERE kind = 'return'"),
    ("metrics_return_approved_idx", "(decided_at) WHERE kind = 'return' AND decision = 'approved'"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0007_sign_met_by_start"),
        ("dispatch", "0010_clock_assessed_unit"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON dispatch_unitrequest {definition}",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, definition in INDEXES
    ]
