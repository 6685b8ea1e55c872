import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from dispatch.deadlines.preview import deadline_preview
from hotline.models import Tier


class Command(BaseCommand):
    help = "Print the due time of each clock for a start time and tier, e.g. --start 2026-09-30T17:55+08:00 --tier T3"

    def add_arguments(self, parser):
        parser.add_argument("--start", default="")
        parser.add_argument("--tier", required=True, choices=Tier.values)

    def handle(self, *args, start, tier, **options):
        moment = parse_datetime(start) if start else timezone.now()
        if moment is None:
            raise CommandError(f"not an ISO 8601 date-time: {start}")
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        self.stdout.write(json.dumps(deadline_preview(start=moment, tier=tier), ensure_ascii=False, indent=2))
