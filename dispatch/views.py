from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.views.generic import ListView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from core.outbox.selectors import failing_outbox_tasks
from core.pagination import CappedCountPaginator
from dispatch.countdown import countdown_text
from dispatch.decision_words import candidate_labels
from dispatch.filters import AssignmentFilter
from dispatch.models import Assignment
from dispatch.selectors import dispatch_queue, expired_unreplied, inbox, pending_requests
from dispatch.stranded import stranded_tickets
from dispatch.sub_order_selectors import sub_inbox, sub_order_available_actions, sub_unit_workload
from dispatch.sub_order_states import WORKING as SUB_ORDER_WORKING
from hotline.models import Tier
from hotline.ticket_states import HOTLINE

# The rest are a count and the API's list (/api/v1/routing/stranded/).
STRANDED_SHOWN = 20


class QueueView(RoleRequiredMixin, ListView):
    """The dispatcher's queue: confirm the router's proposal in one click, or pick another unit."""

    required_roles = tuple(HOTLINE)
    template_name = "dispatch/queue.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        return dispatch_queue(self.request.user)

    def get_context_data(self, **kwargs):
        """Above the queue: tickets whose routing failed or is late, and after-commit work that keeps
        failing, so that nothing waits unseen. Below it: orders whose reply deadline passed without a
        reply, for a callback on expiry — capped like a page, the oldest breaches first."""
        stranded = stranded_tickets(self.request.user)
        context = super().get_context_data(
            stranded=stranded[:STRANDED_SHOWN],
            stranded_count=stranded.count(),
            failing_tasks=failing_outbox_tasks()[:STRANDED_SHOWN],
            late_minutes=settings.ROUTING_LATE_AFTER_SECONDS // 60,
            expired_unreplied=expired_unreplied(self.request.user)[: self.paginate_by],
            **kwargs,
        )
        context["unit_labels"] = candidate_labels(
            ticket.decisions[0] for ticket in context["object_list"] if ticket.decisions
        )
        return context


class InboxView(LoginRequiredMixin, ListView):
    """A unit's orders with their countdowns (the hotline and district see theirs too)."""

    template_name = "dispatch/inbox.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        self.filterset = AssignmentFilter(self.request.GET, queryset=inbox(self.request.user))
        return self.filterset.qs if self.filterset.is_valid() else self.filterset.queryset.none()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            filter=self.filterset,
            statuses=Assignment.Status.choices,
            tiers=Tier.choices,
            countdown_text=countdown_text(),
            sub_unit_workload=sub_unit_workload(self.request.user),
            **kwargs,
        )


class SubInboxView(RoleRequiredMixin, ListView):
    """A community's, station's or section's orders handed down to it, on a phone: open ones first
    by inner deadline, each with the steps its staff may take (sign for, report back)."""

    required_roles = (Role.SUB_UNIT_STAFF,)
    template_name = "dispatch/sub_inbox.html"
    paginate_by = 30
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        return sub_inbox(self.request.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        now = timezone.now()
        context["rows"] = [
            {
                "sub_order": sub_order,
                "late": sub_order.status in SUB_ORDER_WORKING and sub_order.deadline < now,
                "actions": sub_order_available_actions(self.request.user, sub_order),
            }
            for sub_order in context["object_list"]
        ]
        return context


class RequestQueueView(RoleRequiredMixin, ListView):
    """Returns and extension requests for the hotline to decide."""

    required_roles = tuple(HOTLINE)
    template_name = "dispatch/requests.html"
    paginate_by = 50
    paginator_class = CappedCountPaginator

    def get_queryset(self):
        return pending_requests(self.request.user)
