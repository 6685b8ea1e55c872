from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext as _
from django.views.generic import ListView

from accounts.permissions import RoleRequiredMixin
from dispatch.filters import AssignmentFilter
from dispatch.models import Assignment
from dispatch.selectors import dispatch_queue, expired_unreplied, inbox, pending_requests
from hotline.models import Tier
from hotline.ticket_states import HOTLINE


class QueueView(RoleRequiredMixin, ListView):
    """The dispatcher's queue: confirm the router's proposal in one click, or pick another unit."""

    required_roles = tuple(HOTLINE)
    template_name = "dispatch/queue.html"
    paginate_by = 50

    def get_queryset(self):
        return dispatch_queue(self.request.user)

    def get_context_data(self, **kwargs):
        # Capped like a page: the oldest breaches first, the rest follow as those are called back.
        return super().get_context_data(
            expired_unreplied=expired_unreplied(self.request.user)[: self.paginate_by], **kwargs
        )


class InboxView(LoginRequiredMixin, ListView):
    """A unit's orders with their countdowns (the hotline and district see theirs too)."""

    template_name = "dispatch/inbox.html"
    paginate_by = 50

    def get_queryset(self):
        self.filterset = AssignmentFilter(self.request.GET, queryset=inbox(self.request.user))
        return self.filterset.qs if self.filterset.is_valid() else self.filterset.queryset.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            statuses=Assignment.Status.choices,
            tiers=Tier.choices,
            countdown_text={
                "left": _("left "),
                "over": _("overdue by "),
                "d": _("d "),
                "h": _("h "),
                "m": _("m"),
            },
            **kwargs,
        )


class RequestQueueView(RoleRequiredMixin, ListView):
    """Returns and extension requests for the hotline to decide."""

    required_roles = tuple(HOTLINE)
    template_name = "dispatch/requests.html"
    paginate_by = 50

    def get_queryset(self):
        return pending_requests(self.request.user)
