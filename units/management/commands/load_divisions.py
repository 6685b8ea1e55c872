from pathlib import Path

from django.core.management.base import BaseCommand

from units.services import BEIJING_DATA_DIR, divisions_load


class Command(BaseCommand):
    help = "Load (or update) the city, hotline centre, districts, streets/townships and communities from CSV."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=BEIJING_DATA_DIR)

    def handle(self, *args, data_dir, **options):
        report = divisions_load(data_dir=data_dir)
        for line in report.lines():
            self.stdout.write(line)
