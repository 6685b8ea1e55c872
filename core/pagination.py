"""Pages of long lists without counting the whole history: the count is exact up to a cap and
otherwise says "more than the cap"; pages past it are still reachable, each answering whether
another follows by reading one row more than it shows."""

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext as _


class CappedCountPaginator(Paginator):
    """``count`` is exact up to ``cap`` (``settings.LIST_COUNT_CAP``) and ``cap + 1`` past it, read
    as ``SELECT COUNT(*) FROM (… LIMIT cap + 1)``, so it costs at most cap + 1 rows."""

    def __init__(self, object_list, per_page, *args, cap: int | None = None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.cap = settings.LIST_COUNT_CAP if cap is None else cap

    @cached_property
    def count(self) -> int:
        if not isinstance(self.object_list, QuerySet):
            return len(self.object_list[: self.cap + 1])
        # Any cap + 1 rows will do: unordered, so the plan need not walk the list's order, and for
        # plain model rows without the joins they are shown with, so indexes alone may answer.
        rows = self.object_list.order_by()
        query = rows.query
        if not query.values_select and query.group_by is None and not query.distinct_fields:
            rows = rows.select_related(None).values("pk")
        return rows[: self.cap + 1].count()

    @property
    def count_label(self) -> str:
        """The count as shown above a list: "1,000+" past the cap."""
        return f"{self.cap:,}+" if self.capped else f"{self.count:,}"

    @property
    def capped(self) -> bool:
        """Whether there are more rows than ``cap``, so ``count`` and ``num_pages`` are lower bounds."""
        return self.count > self.cap

    def validate_number(self, number):
        if not self.capped:
            return super().validate_number(number)
        try:
            number = int(number)
        except (TypeError, ValueError):
            raise PageNotAnInteger(_("That page number is not an integer")) from None
        if number < 1:
            raise EmptyPage(_("That page number is less than 1"))
        return number

    def page(self, number):
        if not self.capped:
            return super().page(number)
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        rows = list(self.object_list[bottom : bottom + self.per_page + 1])
        if not rows and number > 1:
            raise EmptyPage(_("That page contains no results"))
        return CappedPage(rows[: self.per_page], number, self, has_more=len(rows) > self.per_page)


class CappedPage(Page):
    """A page past an uncounted total: whether another follows is known from the extra row read."""

    def __init__(self, object_list, number, paginator, *, has_more: bool):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self):
        return self.has_more

    def end_index(self):
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)
