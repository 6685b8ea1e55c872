from pathlib import Path

from django.core.management.base import BaseCommand

from units.services import BEIJING_DATA_DIR, departments_load


class Command(BaseCommand):
    help = "Load (or update) department kinds and the municipal and district departments and utilities."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=BEIJING_DATA_DIR)

    def handle(self, *args, data_dir, **options):
        report = departments_load(data_dir=data_dir)
        for line in report.lines():
            self.stdout.write(line)
