"""The cycle-1 sign-for clocks met, by when they started: the monthly computation asks which orders
that can have a first-contact deadline in the month were signed for in time, over a window of start
times (metrics.computation ``_sign_met_since``), so that it reads that window, not every clock."""

from django.db import migrations

NAME = "metrics_clock_sign_met_start_idx"


class Migration(migrations.Migration):
    dependencies = [
        ("metrics", "0006_live_figures_volumes_analysis_figures"),
        ("dispatch", "0010_clock_assessed_unit"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX {NAME} ON dispatch_clock (started_at, assignment_id) "
            "WHERE kind = 'sign' AND cycle = 1 AND result = 'met'",
            reverse_sql=f"DROP INDEX {NAME}",
        )
    ]
