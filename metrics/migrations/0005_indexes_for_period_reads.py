"""Indexes that bound metrics' reads to their period, on other apps' tables.

They are metrics' needs (the monthly computation, the analysis page), so they live with metrics,
as SQL the other apps' models do not declare: the computation reads the clocks that fell due in the
month and the callbacks recorded in it. (The analyses' tickets received in a period use hotline's own
``ticket_received_idx``.) Without them each read scans the whole history (benchmark_metrics: 11.8 s with one
month stored, 16–17.5 s with two)."""

from django.db import migrations

INDEXES = [
    (
        "metrics_clock_assessed_due_idx",
        "dispatch_clock",
        "(due_at) WHERE kind IN ('contact', 'reply')",
    ),
    ("metrics_event_callback_at_idx", "hotline_ticketevent", "(at) WHERE action = 'callback'"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0004_on_time_reply_not_replied_returns_levels"),
        ("dispatch", "0001_initial"),
        ("hotline", "0001_initial"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {name} ON {table} {definition}",
            reverse_sql=f"DROP INDEX {name}",
        )
        for name, table, definition in INDEXES
    ]
