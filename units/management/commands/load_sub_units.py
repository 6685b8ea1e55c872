from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from units.services import sub_units_load


class Command(BaseCommand):
    help = (
        "Load (or update) stations (所/队) and sections (科室) from a CSV with the columns "
        "code,name,kind,parent_code, under existing streets, departments and enterprises."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv", type=Path)

    def handle(self, *args, csv, **options):
        if not csv.is_file():
            raise CommandError(f"{csv}: no such file")
        try:
            report = sub_units_load(path=csv)
        except ValueError as error:
            raise CommandError(str(error)) from error
        for line in report.lines():
            self.stdout.write(line)
