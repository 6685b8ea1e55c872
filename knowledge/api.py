"""The knowledge base API: search for operators on the line, articles for reading and upkeep.

Everyone signed in may search and read what is offered today; only dispatchers write, and they also
read drafts and expired articles (visibility lives in ``article_list_visible``)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import has_role
from api.bounds import validate_in_date_window
from hotline.models import Category
from knowledge.excerpts import excerpt
from knowledge.models import Article
from knowledge.selectors import article_list_visible, article_search
from knowledge.services import article_create, article_update
from knowledge.terms import query_terms

QUERY_MAX_LENGTH = 200
SEARCH_MAX_RESULTS = 50


class CategoryBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "code", "path"]


class ArticleSearchParamsSerializer(serializers.Serializer):
    q = serializers.CharField(max_length=QUERY_MAX_LENGTH)
    limit = serializers.IntegerField(min_value=1, max_value=SEARCH_MAX_RESULTS, default=10)


class ArticleSearchHitSerializer(serializers.Serializer):
    """One hit; ``context["terms"]`` holds the query terms the excerpt is centred on."""

    id = serializers.IntegerField(source="article.id")
    title = serializers.CharField(source="article.title")
    excerpt = serializers.SerializerMethodField()
    category = CategoryBriefSerializer(source="article.category", allow_null=True)
    score = serializers.SerializerMethodField()
    valid_to = serializers.DateField(source="article.valid_to", allow_null=True)

    def get_excerpt(self, hit) -> str:
        return excerpt(hit.article.body, terms=self.context["terms"])

    def get_score(self, hit) -> float:
        return round(hit.score, 4)


class ArticleSerializer(serializers.ModelSerializer):
    # allow_null, not default=None: a default is skipped in a partial update's answer (PATCH).
    category_path = serializers.CharField(source="category.display_path", allow_null=True, read_only=True)
    owner_unit_name = serializers.CharField(source="owner_unit.name", allow_null=True, read_only=True)
    updated_by = serializers.StringRelatedField(read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "title",
            "body",
            "keywords",
            "category",
            "category_path",
            "owner_unit",
            "owner_unit_name",
            "valid_from",
            "valid_to",
            "is_published",
            "created_at",
            "updated_at",
            "updated_by",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Left out, an article starts today (Beijing); the service fills it in.
        extra_kwargs = {
            "valid_from": {"required": False, "validators": [validate_in_date_window]},
            "valid_to": {"validators": [validate_in_date_window]},
        }


class ArticleSearchView(APIView):
    """Offered articles ranked for what the caller said, e.g. ``?q=暖气不热怎么办``."""

    @extend_schema(
        parameters=[ArticleSearchParamsSerializer], responses=ArticleSearchHitSerializer(many=True)
    )
    def get(self, request):
        params = ArticleSearchParamsSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        query = params.validated_data["q"]
        hits = article_search(query=query, limit=params.validated_data["limit"])
        context = {"terms": query_terms(query)}
        return Response(ArticleSearchHitSerializer(hits, many=True, context=context).data)


class ArticleViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = ArticleSerializer
    filterset_fields = ["category", "owner_unit", "is_published"]

    def get_permissions(self):
        if self.action in {"create", "update", "partial_update"}:
            return [has_role(Role.DISPATCHER)()]
        return [IsAuthenticated()]

    def get_queryset(self):
        return article_list_visible(user=self.request.user)

    def perform_create(self, serializer):
        serializer.instance = article_create(actor=self.request.user, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = article_update(
            article=serializer.instance, actor=self.request.user, **serializer.validated_data
        )
