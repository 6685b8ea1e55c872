from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from accounts.permissions import RoleRequiredMixin
from hotline.models import CLOSING_DISPOSITIONS, RequestType, Tier
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
            },
            **kwargs,
        )
