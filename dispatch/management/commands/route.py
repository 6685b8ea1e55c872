import json
import sys

from django.core.management.base import BaseCommand, CommandError

from dispatch.router import RouteInput, route
from hotline.models import Category


class Command(BaseCommand):
    help = (
        'Print the routing decision as JSON: route "地址文本" [--lng X --lat Y --crs wgs84|gcj02|bd09] '
        "[--category CODE]; or route --jsonl, reading one JSON object per line from standard input."
    )

    def add_arguments(self, parser):
        parser.add_argument("address", nargs="?", default="")
        parser.add_argument("--lng", type=float)
        parser.add_argument("--lat", type=float)
        parser.add_argument("--crs", choices=["wgs84", "gcj02", "bd09"], default="wgs84")
        parser.add_argument("--category", default="")
        parser.add_argument("--jsonl", action="store_true", help="read JSON lines from standard input")

    def handle(self, *args, **options):
        categories = {c.code: c for c in Category.objects.filter(level=3)}
        if options["jsonl"]:
            for number, line in enumerate(sys.stdin, start=1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    decision = self._route(categories, item)
                except (ValueError, TypeError, CommandError) as exc:
                    self.stdout.write(json.dumps({"line": number, "error": str(exc)}, ensure_ascii=False))
                    continue
                self.stdout.write(json.dumps(decision, ensure_ascii=False))
            return
        item = {k: options[k] for k in ("address", "lng", "lat", "crs", "category")}
        self.stdout.write(json.dumps(self._route(categories, item), ensure_ascii=False, indent=2))

    def _route(self, categories, item: dict) -> dict:
        if not isinstance(item, dict) or not any(item.get(k) for k in ("address", "lng", "lat", "category")):
            raise CommandError("give at least one of address, lng/lat or category")
        code = item.get("category") or ""
        if code and code not in categories:
            raise CommandError(f"unknown category {code}")
        lng, lat = item.get("lng"), item.get("lat")
        if (lng is None) != (lat is None):
            raise CommandError("give both lng and lat")
        decision = route(
            RouteInput(
                category=categories.get(code),
                address=item.get("address") or "",
                longitude=float(lng) if lng is not None else None,
                latitude=float(lat) if lat is not None else None,
                crs=item.get("crs") or "wgs84",
            )
        )
        return decision.as_dict()
