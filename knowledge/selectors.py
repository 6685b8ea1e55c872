"""Reads of the knowledge base: what each user may see, and the ranked search operators answer from.

An article is *offered* on a day when it is published and the day lies within its validity; only
offered articles are searched, so an expired policy is never read out to a caller."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Case, Count, F, FloatField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import user_has_role
from knowledge.models import Article, ArticleTerm
from knowledge.terms import inverse_document_frequency, query_terms


@dataclass(frozen=True)
class ScoredArticle:
    article: Article
    score: float


def hotline_today() -> date:
    return timezone.localdate()  # in settings.TIME_ZONE, the hotline's own day


def _offered_on(day: date) -> Q:
    return Q(is_published=True, valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def article_list_offered(*, on: date | None = None) -> QuerySet[Article]:
    return Article.objects.filter(_offered_on(on or hotline_today()))


def article_list_visible(*, user, on: date | None = None) -> QuerySet[Article]:
    """Every list and detail view asks this. Dispatchers maintain the base, so they also see drafts
    and expired articles; everyone else sees what is offered today."""
    articles = Article.objects.select_related("category", "owner_unit", "updated_by")
    if user_has_role(user, Role.DISPATCHER):
        return articles
    return articles.filter(_offered_on(on or hotline_today()))


def article_search(*, query: str, on: date | None = None, limit: int = 10) -> list[ScoredArticle]:
    """The offered articles best matching ``query``, best first, scored Σ weight × idf over the
    shared terms. Three queries however many articles there are: the number of offered articles,
    the document frequency of each query term, then the scores, summed and ranked by the database."""
    terms = query_terms(query)
    if not terms or limit < 1:
        return []
    offered = article_list_offered(on=on)
    documents = offered.count()
    frequencies = (
        ArticleTerm.objects.filter(term__in=terms, article__in=offered)
        .values("term")
        .annotate(document_frequency=Count("article"))
        .values_list("term", "document_frequency")
    )
    term_idf = {
        term: inverse_document_frequency(document_frequency=frequency, documents=documents)
        for term, frequency in frequencies
    }
    if not term_idf:
        return []
    idf = Case(
        *(When(terms__term=term, then=Value(value)) for term, value in term_idf.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    ranked = (
        offered.filter(terms__term__in=list(term_idf))
        .select_related("category")
        .annotate(score=Sum(F("terms__weight") * idf, output_field=FloatField()))
        .order_by("-score", "id")[:limit]
    )
    return [ScoredArticle(article=article, score=article.score) for article in ranked]
