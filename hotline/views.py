from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from accounts.permissions import RoleRequiredMixin
from core.pagination import CappedCountPaginator
from hotline.api.filters import TicketFilter
from hotline.models import CLOSING_DISPOSITIONS, RequestType, Tier
from hotline.selectors.search import SHORT_WORD_MAX_DAYS
from hotline.selectors.tickets import may_reveal_phone, visible_tickets
from hotline.ticket_states import HOTLINE


class ConsoleView(RoleRequiredMixin, TemplateView):
    """The operator's one page to take a call."""

    required_roles = tuple(HOTLINE)
    template_name = "hotline/console.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            request_types=RequestType.objects.filter(is_active=True),
            tiers=Tier.choices,
            dispositions=CLOSING_DISPOSITIONS,
            console_text={
                "merge": _("Merge this call into it"),
                "reply_due": _("Reply due if dispatched now:"),
                "answer": _("Answer with this article"),
                "filed": _("Ticket filed:"),
                "merged": _("Call filed and merged into %s:"),
                "failed": _("Could not save. Please check the form."),
                "no_duplicates": _("No similar tickets."),
                "no_articles": _("No matching articles."),
                "type_more": _("Type a little more to search."),
                "territorial": _("territorial: goes to the street/township"),
                "departmental": _("departmental: goes to the department"),
                "history_none": _("No earlier tickets from this number."),
                "history_type_full": _("Type the caller's full number to see their earlier tickets."),
            },
            **kwargs,
        )


# The search page's fields, in order (the API's other filters are left out of the form).
SEARCH_FIELDS = (
    "number",
    "phone",
    "address",
    "content",
    "received_from",
    "received_to",
    "status",
    "unit",
    "category",
    "tag",
    "ordering",
)


class TicketSearchView(LoginRequiredMixin, ListView):
    """Every signed-in user searches the tickets they may see; the phone only at the hotline.
    Input the search cannot take answers 400 with the form's field messages."""

    template_name = "hotline/ticket_search.html"
    context_object_name = "tickets"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        self.filterset = TicketFilter(
            self.request.GET, queryset=visible_tickets(self.request.user), request=self.request
        )
        self.searched = self.filterset.is_valid()
        return self.filterset.qs if self.searched else self.filterset.queryset.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            form=self.filterset.form,
            phone_allowed=may_reveal_phone(self.request.user),
            search_fields=SEARCH_FIELDS,
            short_word_days=SHORT_WORD_MAX_DAYS,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        if not self.searched:
            kwargs["status"] = 400
        return super().render_to_response(context, **kwargs)
