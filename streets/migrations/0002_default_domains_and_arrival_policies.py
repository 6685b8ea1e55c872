"""The four whistle domains of the Beijing Street Office Regulations (2019, art. 5) and the default
arrival policy (see streets/defaults.py for the reasoning); cities change both as data."""

from django.db import migrations


def create(apps, schema_editor):
    from streets.defaults import arrival_policies_load, domains_load

    domains_load(apps.get_model("streets", "WhistleDomain"))
    arrival_policies_load(apps.get_model("streets", "ArrivalPolicy"))


class Migration(migrations.Migration):
    dependencies = [("streets", "0001_whistles")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
