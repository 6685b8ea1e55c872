from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from accounts.permissions import has_role
from api.pagination import TicketPagination
from hotline.api import reference_serializers as reference
from hotline.api import serializers as s
from hotline.api.filters import CategoryFilter, TicketFilter
from hotline.caller import InvalidPhone, phone_normalise
from hotline.category_model.suggest import suggest_categories
from hotline.geo import to_wgs84
from hotline.idempotency import Idempotency, request_fingerprint, user_scope
from hotline.models import Callback, Category, RequestType
from hotline.selectors.duplicates import REASONS, duplicate_candidates
from hotline.selectors.search import ORDERINGS, caller_history
from hotline.selectors.tickets import visible_tickets
from hotline.services import callback_links, callbacks, dispositions, privacy
from hotline.services.intake import ticket_create
from hotline.ticket_states import HOTLINE
from knowledge.selectors import article_list_offered


class RequestTypeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = reference.RequestTypeSerializer
    queryset = RequestType.objects.filter(is_active=True)
    lookup_field = "code"
    pagination_class = None


class CategoryPagination(PageNumberPagination):
    page_size = 500


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """The three-level tree; ``?level=3&q=暖气`` for the intake picker."""

    serializer_class = reference.CategorySerializer
    queryset = Category.objects.filter(is_active=True).select_related("parent", "department_kind")
    filterset_class = CategoryFilter
    lookup_field = "code"
    pagination_class = CategoryPagination

    @extend_schema(
        parameters=[OpenApiParameter("text", str, description="what the caller says")],
        responses=reference.CategorySuggestionSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def suggest(self, request):
        """Categories ranked for a ticket's text: a trained model when there is one, else keywords."""
        text = request.query_params.get("text", "").strip()[:4000]
        suggestions = suggest_categories(text, limit=5) if text else []
        return Response(reference.CategorySuggestionSerializer(suggestions, many=True).data)


class TicketViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Tickets the user may see (others answer 404), newest first. Creating, closing at the hotline,
    merging and revealing a caller's number are for hotline roles. The list pages by number with a
    count exact up to a cap, or by keyset with ``?cursor=`` (no count, any depth at the same cost)."""

    filterset_class = TicketFilter
    pagination_class = TicketPagination
    hotline_actions = {
        "create",
        "answer",
        "dispose",
        "merge",
        "reveal_phone",
        "callback",
        "callback_link",
        "duplicates",
        "caller_history",
    }

    def get_permissions(self):
        if self.action in self.hotline_actions:
            return [has_role(*HOTLINE)()]
        return super().get_permissions()

    def get_queryset(self):
        tickets = visible_tickets(self.request.user)
        if self.action == "retrieve":
            return tickets.prefetch_related("events__actor", "events__unit", "tags", "attachments")
        return tickets

    def keyset_ordering(self, request):
        return ORDERINGS.get(request.query_params.get("ordering", ""), ORDERINGS["-received_at"])

    def get_serializer_class(self):
        return s.TicketDetailSerializer if self.action == "retrieve" else s.TicketListSerializer

    def _detail(self, ticket, code=status.HTTP_200_OK):
        ticket = (
            self.get_queryset()
            .prefetch_related("events__actor", "events__unit", "tags", "attachments")
            .get(pk=ticket.pk)
        )
        return Response(s.TicketDetailSerializer(ticket, context={"request": self.request}).data, status=code)

    @extend_schema(
        request=s.TicketCreateSerializer,
        parameters=[
            OpenApiParameter(
                "Idempotency-Key",
                str,
                OpenApiParameter.HEADER,
                description="makes retries safe; per user, bound to the request's content (at most 64 characters)",
            )
        ],
        responses={
            201: s.TicketDetailSerializer,
            200: OpenApiResponse(s.TicketDetailSerializer, description="a retry: the ticket it filed first"),
            422: OpenApiResponse(description="the Idempotency-Key was used for other content"),
        },
    )
    def create(self, request, *args, **kwargs):
        """An ``Idempotency-Key`` header makes retries safe: the same key from the same user with the
        same content answers 200 with the first ticket; with other content, 422."""
        serializer = s.TicketCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        key = request.headers.get("Idempotency-Key", "").strip()[:64]
        outcome = self._outcome(serializer.validated_data)
        ticket, created = ticket_create(
            draft=serializer.draft(),
            operator=request.user,
            idempotency=Idempotency(
                scope=user_scope(request.user),
                key=key,
                fingerprint=request_fingerprint(serializer.validated_data),
            )
            if key
            else None,
            outcome=outcome,
        )
        if created and outcome is None:
            # Filed for dispatch: the ticket comes back with what was written (its creator, a
            # hotline user, sees every ticket), so the answer reads nothing back.
            data = s.TicketDetailSerializer(ticket, context={"request": request}).data
            return Response(data, status=status.HTTP_201_CREATED)
        return self._detail(ticket, status.HTTP_201_CREATED if created else status.HTTP_200_OK)

    def _outcome(self, data):
        """The call closed at intake, applied inside the creating transaction (or None: dispatch)."""
        user = self.request.user
        if data["master"]:
            master = visible_tickets(user).filter(number=data["master"].strip()).first()
            if master is None:
                raise_unknown("master")
            return lambda ticket: dispositions.ticket_merge(ticket=ticket, master=master, actor=user)
        if data["article"]:
            article = article_list_offered().filter(pk=data["article"]).first()
            if article is None:
                raise_unknown("article")
            return lambda ticket: dispositions.ticket_answer(ticket=ticket, actor=user, article=article)
        if data["disposition"]:
            return lambda ticket: dispositions.ticket_dispose(
                ticket=ticket,
                actor=user,
                disposition=data["disposition"],
                reason=data["reason"],
                target=data["target"],
            )
        return None

    @extend_schema(request=s.AnswerSerializer, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        serializer = s.AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # Only an article offered today can be cited: an expired answer must not be given.
        article = article_list_offered().filter(pk=serializer.validated_data["article"]).first()
        if article is None:
            raise_unknown("article")
        ticket = dispositions.ticket_answer(
            ticket=self.get_object(),
            actor=request.user,
            article=article,
            note=serializer.validated_data["note"],
        )
        return self._detail(ticket)

    @extend_schema(request=s.DisposeSerializer, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def dispose(self, request, pk=None):
        serializer = s.DisposeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = dispositions.ticket_dispose(
            ticket=self.get_object(), actor=request.user, **serializer.validated_data
        )
        return self._detail(ticket)

    @extend_schema(request=s.MergeSerializer, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        serializer = s.MergeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        master = (
            visible_tickets(request.user).filter(number=serializer.validated_data["master"].strip()).first()
        )
        if master is None:
            raise_unknown("master")
        ticket = dispositions.ticket_merge(ticket=self.get_object(), master=master, actor=request.user)
        return self._detail(ticket)

    @extend_schema(
        request=None, responses={200: {"type": "object", "properties": {"phone": {"type": "string"}}}}
    )
    @action(detail=True, methods=["post"], url_path="reveal-phone")
    def reveal_phone(self, request, pk=None):
        return Response({"phone": privacy.ticket_reveal_phone(ticket=self.get_object(), user=request.user)})

    @extend_schema(request=s.CallbackSerializer, responses=s.TicketDetailSerializer)
    @action(detail=True, methods=["post"])
    def callback(self, request, pk=None):
        serializer = s.CallbackSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ticket = self.get_object()
        callbacks.ticket_callback_record(
            ticket=ticket, via=Callback.Via.PHONE, recorded_by=request.user, **serializer.validated_data
        )
        return self._detail(ticket)

    @extend_schema(
        request=None, responses={201: {"type": "object", "properties": {"url": {"type": "string"}}}}
    )
    @action(detail=True, methods=["post"], url_path="callback-link")
    def callback_link(self, request, pk=None):
        token = callback_links.callback_link_issue(ticket=self.get_object())
        return Response(
            {"url": request.build_absolute_uri(f"/callback/{token}/")}, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        parameters=[s.DuplicateQuerySerializer], responses=s.DuplicateCandidateSerializer(many=True)
    )
    @action(detail=False, methods=["get"])
    def duplicates(self, request):
        query = s.DuplicateQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            phone = phone_normalise(data["phone"])[0] if data["phone"] else ""
        except InvalidPhone:
            phone = ""  # still typing: search by the other fields
        lng, lat = data["longitude"], data["latitude"]
        if lng is not None and lat is not None:
            lng, lat = to_wgs84(lng, lat, data["crs"])
        category = (
            Category.objects.filter(code=data["category"], level=3).first() if data["category"] else None
        )
        candidates = duplicate_candidates(
            phone=phone,
            category_id=category.pk if category else None,
            longitude=lng if lat is not None else None,
            latitude=lat if lng is not None else None,
            address=data["address"],
            content=data["content"],
        )
        return Response(
            [
                {
                    **s.TicketListSerializer(c.ticket, context={"request": request}).data,
                    "reasons": [str(REASONS[r]) for r in c.reasons],
                    "mergeable": c.mergeable,
                }
                for c in candidates
            ]
        )

    @extend_schema(
        parameters=[OpenApiParameter("phone", str, description="the caller's full number")],
        responses=s.CallerHistorySerializer(many=True),
    )
    @action(detail=False, methods=["get"], url_path="caller-history", pagination_class=None)
    def caller_history(self, request):
        """The caller's latest tickets, newest first, for the operator taking their call."""
        try:
            phone, anonymous = phone_normalise(request.query_params.get("phone", "")[:40])
        except InvalidPhone as error:
            raise ValidationError({"phone": [str(error)]}) from None
        tickets = caller_history(request.user, phone) if not anonymous else []
        return Response(s.CallerHistorySerializer(tickets, many=True).data)

    def permission_denied(self, request, message=None, code=None):
        """A ticket the user cannot see answers 404 even where the role check fails first."""
        pk = self.kwargs.get("pk")
        if (
            pk is not None
            and request.user.is_authenticated
            and not visible_tickets(request.user).filter(pk=pk).exists()
        ):
            raise Http404
        super().permission_denied(request, message=message, code=code)


def raise_unknown(field: str):
    raise ValidationError({field: [_("Unknown %(field)s.") % {"field": field}]})
