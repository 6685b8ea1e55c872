from rest_framework import pagination

from core.pagination import CappedCountPaginator


class PageNumberPagination(pagination.PageNumberPagination):
    """Numbered pages whose ``count`` is exact up to ``settings.LIST_COUNT_CAP``; past it ``count``
    is the cap + 1 and ``count_capped`` is true, so a list of a month's millions of tickets is never
    counted whole. ``next`` still leads past the cap, page by page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    django_paginator_class = CappedCountPaginator

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["count_capped"] = self.page.paginator.capped
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = (
            "exact up to the list count cap (1,000 unless configured); past it the cap + 1"
        )
        paginated["properties"]["count_capped"] = {
            "type": "boolean",
            "description": "true when there are more rows than the cap, so count is a lower bound",
        }
        paginated["required"] = [*paginated["required"], "count_capped"]
        return paginated


class _Keyset(pagination.CursorPagination):
    page_size = PageNumberPagination.page_size
    page_size_query_param = PageNumberPagination.page_size_query_param
    max_page_size = PageNumberPagination.max_page_size

    def __init__(self, ordering):
        self.ordering = ordering

    def get_ordering(self, request, queryset, view):
        return self.ordering

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            return None  # ?cursor= asks for the first keyset page
        return super().decode_cursor(request)


class PageNumberOrCursorPagination(PageNumberPagination):
    """Numbered pages as on every list, or keyset pages when the request names a ``cursor`` (empty
    for the first page, then the ``next`` link's): each keyset page costs the same however deep it
    lies, ordered by ``cursor_ordering``, and carries no count. Existing clients see no change."""

    cursor_ordering: tuple[str, ...] = ()
    cursor_query_param = "cursor"

    def paginate_queryset(self, queryset, request, view=None):
        self.keyset = None
        if self.cursor_query_param not in request.query_params:
            return super().paginate_queryset(queryset, request, view)
        # A view that lets the user choose the order says which keyset it pages by.
        chosen = getattr(view, "keyset_ordering", None)
        self.keyset = _Keyset(chosen(request) if chosen else self.cursor_ordering)
        return self.keyset.paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        if self.keyset is None:
            return super().get_paginated_response(data)
        return self.keyset.get_paginated_response(data)

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["required"] = ["results"]
        paginated["properties"]["count"]["description"] += " (numbered pages only)"
        paginated["properties"]["count_capped"]["description"] += " (numbered pages only)"
        return paginated

    def get_schema_operation_parameters(self, view):
        return [
            *super().get_schema_operation_parameters(view),
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": (
                    "keyset pages instead of numbered ones: empty for the first page, then the next "
                    "or previous link's value; no count, the same cost at any depth"
                ),
                "schema": {"type": "string"},
            },
        ]


class TicketPagination(PageNumberOrCursorPagination):
    cursor_ordering = ("-received_at", "-id")
