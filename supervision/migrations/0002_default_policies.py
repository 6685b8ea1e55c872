"""The default answer limits per level (supervision.policy.DEFAULTS): this project's defaults, which
a city changes by adding rows with a later effective date."""

from django.db import migrations


def load(apps, schema_editor):
    from supervision.policy import supervision_policies_load

    supervision_policies_load(apps.get_model("supervision", "SupervisionPolicy"))


class Migration(migrations.Migration):
    dependencies = [("supervision", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
