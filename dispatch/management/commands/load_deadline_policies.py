from django.core.management.base import BaseCommand

from dispatch.deadlines.defaults import deadline_policies_load


class Command(BaseCommand):
    help = "Create the default deadline policy rows (T1–T4) if they are not there yet."

    def handle(self, *args, **options):
        self.stdout.write(f"deadline policies: {deadline_policies_load()} created")
