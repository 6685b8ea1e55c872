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
