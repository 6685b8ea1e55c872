from django.core.management.base import BaseCommand

from dispatch.responsibilities import responsibilities_from_categories


class Command(BaseCommand):
    help = "Create the default responsibility list (部门职责清单) from the category tree; keeps edited lines."

    def handle(self, *args, **options):
        created, kept = responsibilities_from_categories()
        self.stdout.write(f"responsibility list: {created} created, {kept} kept")
