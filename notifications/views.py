from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import ListView

from notifications.selectors import unread_count, user_notifications
from notifications.services import notification_mark_read


class NotificationListView(LoginRequiredMixin, ListView):
    """The signed-in user's own notifications."""

    template_name = "notifications/notification_list.html"
    context_object_name = "notifications"
    paginate_by = 50

    def get_queryset(self):
        return user_notifications(self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(unread=unread_count(self.request.user), **kwargs)


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request):
        marked = notification_mark_read(user=request.user)
        if marked:
            messages.success(
                request,
                ngettext(
                    "%(count)d notification marked as read.",
                    "%(count)d notifications marked as read.",
                    marked,
                )
                % {"count": marked},
            )
        return redirect("notifications:list")
