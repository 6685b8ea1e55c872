from django.views.generic import ListView

from accounts.permissions import RoleRequiredMixin
from dispatch.selectors import dispatch_queue
from hotline.ticket_states import HOTLINE


class QueueView(RoleRequiredMixin, ListView):
    """The dispatcher's queue: confirm the router's proposal in one click, or pick another unit."""

    required_roles = tuple(HOTLINE)
    template_name = "dispatch/queue.html"
    paginate_by = 50

    def get_queryset(self):
        return dispatch_queue(self.request.user)
