"""Writes of the knowledge base. Every change to an article rewrites its index rows in the same
transaction, so search never sees an article with stale or missing terms."""

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction

from hotline.models import Category
from knowledge.models import Article, ArticleTerm
from knowledge.selectors import hotline_today
from knowledge.terms import document_term_weights
from units.models import Unit

ARTICLE_EDITABLE_FIELDS = frozenset(
    {"title", "body", "keywords", "category", "owner_unit", "valid_from", "valid_to", "is_published"}
)


def _article_terms_rewrite(article: Article) -> None:
    weights = document_term_weights(title=article.title, keywords=article.keywords, body=article.body)
    ArticleTerm.objects.filter(article=article).delete()
    ArticleTerm.objects.bulk_create(
        ArticleTerm(article=article, term=term, weight=weight) for term, weight in weights.items()
    )


@transaction.atomic
def article_create(
    *,
    title: str,
    body: str,
    keywords: str = "",
    category: Category | None = None,
    owner_unit: Unit | None = None,
    valid_from: date | None = None,
    valid_to: date | None = None,
    is_published: bool = True,
    actor=None,
) -> Article:
    """``valid_from`` defaults to today (Beijing). Raises ``ValidationError`` on invalid fields."""
    article = Article(
        title=title,
        body=body,
        keywords=keywords,
        category=category,
        owner_unit=owner_unit,
        valid_from=valid_from or hotline_today(),
        valid_to=valid_to,
        is_published=is_published,
        updated_by=actor,
    )
    article.full_clean()
    article.save()
    _article_terms_rewrite(article)
    return article


@transaction.atomic
def article_update(*, article: Article, actor, **fields: Any) -> Article:
    """Change any of ``ARTICLE_EDITABLE_FIELDS``; the index is rebuilt even when none changed, so
    saving an article is also how to re-index it after the tokeniser changes."""
    unknown = set(fields) - ARTICLE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"article_update() cannot change {sorted(unknown)}")
    for name, value in fields.items():
        setattr(article, name, value)
    article.updated_by = actor
    article.full_clean()
    article.save(update_fields=[*fields, "updated_by", "updated_at"])
    _article_terms_rewrite(article)
    return article


@transaction.atomic
def articles_upsert_by_title(*, articles: Iterable[dict[str, Any]], actor=None) -> tuple[int, int]:
    """Bring the articles with these titles to these fields → (created, updated). An article that
    already matches is not written at all, so loading the same data twice changes nothing."""
    created = updated = 0
    for fields in articles:
        existing = (
            Article.objects.select_related("category", "owner_unit")
            .filter(title=fields["title"])
            .order_by("id")
            .first()
        )
        if existing is None:
            article_create(actor=actor, **fields)
            created += 1
            continue
        changes = {name: value for name, value in fields.items() if getattr(existing, name) != value}
        if changes:
            article_update(article=existing, actor=actor, **changes)
            updated += 1
    return created, updated
