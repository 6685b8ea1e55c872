from datetime import date

import factory

from knowledge.models import Article
from knowledge.services import article_create


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"测试条目{n}")
    body = "本条目用于测试。"
    keywords = ""
    valid_from = date(2024, 1, 1)
    valid_to = None
    is_published = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        # Through the service, as the application does, so every test article is indexed.
        return article_create(**kwargs)
