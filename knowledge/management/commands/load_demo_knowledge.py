from django.core.management.base import BaseCommand

from hotline.models import Category
from knowledge.demo import DEMO_ARTICLES
from knowledge.services import articles_upsert_by_title


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo knowledge articles. A second run changes nothing."

    def handle(self, *args, **options):
        names = {demo.category_name for demo in DEMO_ARTICLES}
        categories = {}
        # When a name is used twice, the deepest category wins: tickets are filed under leaves.
        for category in Category.objects.filter(name__in=names).order_by("-level", "code"):
            categories.setdefault(category.name, category)
        created, updated = articles_upsert_by_title(
            articles=[
                {
                    "title": demo.title,
                    "keywords": demo.keywords,
                    "body": demo.body,
                    "category": categories.get(demo.category_name),
                    "valid_from": demo.valid_from,
                    "valid_to": demo.valid_to,
                    "is_published": True,
                }
                for demo in DEMO_ARTICLES
            ]
        )
        self.stdout.write(f"knowledge articles: {created} created, {updated} updated")
