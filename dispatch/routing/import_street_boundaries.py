"""manage.py import_street_boundaries FILE.geojson [--code-property code]"""

from django.core.management.base import BaseCommand, CommandError

from dispatch.routing.boundaries import features_read, street_boundaries_import


class Command(BaseCommand):
    help = (
        "Import street/township boundaries from a GeoJSON file (WGS-84), matched to streets by the "
        "national 9-digit code in a feature property. Re-importing the same file changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="GeoJSON FeatureCollection, WGS-84 coordinates")
        parser.add_argument("--code-property", default="code", help="the property holding the street code")

    def handle(self, *args, file, code_property, **options):
        try:
            features = features_read(file)
        except (OSError, ValueError) as error:  # JSONDecodeError is a ValueError
            raise CommandError(f"cannot read {file}: {error}") from error
        report = street_boundaries_import(features=features, code_property=code_property)
        for line in report.lines():
            self.stdout.write(line)
