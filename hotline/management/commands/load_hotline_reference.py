from django.core.management.base import BaseCommand

from hotline.services.reference import categories_load, request_types_load


class Command(BaseCommand):
    help = "Load (or update) request types and the category tree from hotline/data/*.csv."

    def handle(self, *args, **options):
        self.stdout.write(f"request types: {request_types_load()}")
        created, updated = categories_load()
        self.stdout.write(f"categories: {created} created, {updated} updated")
