"""The pages that compose several apps; each reads through the selectors of the apps it shows."""

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import redirect
from django.utils import timezone
from django.views.generic import DetailView, TemplateView

from accounts.models import Role
from accounts.permissions import POLICY_EDITORS
from accounts.selectors import user_has_role, user_memberships, user_roles
from dispatch.countdown import countdown_text
from dispatch.deadlines.calendar import calendar_warnings
from dispatch.decision_words import candidate_labels
from dispatch.lifecycle.first_contact import unit_reveal_assignment
from dispatch.selectors import assignment_blocks, lead_assignment
from dispatch.sub_order_selectors import hand_down_forms, ticket_sub_orders
from hotline.models import CLOSING_DISPOSITIONS
from hotline.selectors.tickets import caller_view, visible_tickets
from hotline.services.callbacks import replied_lead_assignment
from hotline.ticket_states import HOTLINE, ticket_actions
from metrics.scope_selectors import ticket_assessment
from streets.selectors import visible_whistle_photos, whistling_streets


class HomeView(LoginRequiredMixin, TemplateView):
    """The signed-in start page. A grid worker, who comes to report (一键报送), starts on the report
    page itself: one tap fewer on every report."""

    template_name = "accounts/home.html"

    def get(self, request, *args, **kwargs):
        if user_roles(request.user) == {Role.GRID_WORKER}:
            return redirect("fieldreports:report")
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        user = self.request.user
        warnings = []
        if user.is_staff or user_has_role(user, *POLICY_EDITORS):
            warnings = calendar_warnings(timezone.localdate())
        return super().get_context_data(
            memberships=user_memberships(user), calendar_warnings=warnings, **kwargs
        )


class TicketDetailView(LoginRequiredMixin, DetailView):
    """Any signed-in user, for the tickets ``visible_tickets`` gives them; 404 for the rest."""

    template_name = "hotline/ticket_detail.html"
    context_object_name = "ticket"

    def get_queryset(self):
        return visible_tickets(self.request.user).select_related("master", "operator")

    def get_context_data(self, **kwargs):
        ticket = self.object
        is_hotline = not user_roles(self.request.user).isdisjoint(HOTLINE)
        decision = ticket.routing_decisions.select_related("lead_unit", "district").first()
        return super().get_context_data(
            caller=caller_view(self.request.user, ticket),
            unit_reveal=unit_reveal_assignment(self.request.user, ticket),
            phone_reveals=ticket.phone_reveals.select_related("user") if is_hotline else (),
            web_callback_due=is_hotline and replied_lead_assignment(ticket) is not None,
            events=ticket.events.select_related("actor", "unit").prefetch_related("attachments"),
            reply_photos=ticket.attachments.filter(event__isnull=False)
            .select_related("event", "event__unit")
            .order_by("event__at", "event_id", "pk"),
            checkin_photos=visible_whistle_photos(self.request.user)
            .filter(summons__isnull=False, whistle__tickets=ticket)
            .select_related("summons", "summons__department")
            .order_by("uploaded_at", "pk"),
            reply_photo_max_count=settings.HOTLINE_REPLY_PHOTO_MAX_COUNT,
            reply_photo_max_mb=settings.HOTLINE_ATTACHMENT_MAX_MB["image"],
            assignments=ticket.assignments.select_related("unit"),
            assignment_blocks=assignment_blocks(self.request.user, ticket),
            sub_orders=ticket_sub_orders(self.request.user, ticket),
            hand_down_forms=hand_down_forms(self.request.user, ticket),
            now_local=timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            decision=decision,
            unit_labels=candidate_labels([decision]),
            lead_assignment=lead_assignment(ticket),
            merged_calls=ticket.merged_calls.all(),
            actions=ticket_actions(status=ticket.status, roles=user_roles(self.request.user)),
            is_hotline=is_hotline,
            dispositions=CLOSING_DISPOSITIONS,
            may_whistle=whistling_streets(self.request.user).exists(),
            assessment=ticket_assessment(self.request.user, ticket),
            countdown_text=countdown_text(),
            **kwargs,
        )


class TicketPrintView(TicketDetailView):
    """The ticket on A4 paper (static/css/print.css): its facts, the caller as this user may see
    them, its assignments and its whole timeline with the reply photos; same visibility as the page."""

    template_name = "hotline/ticket_print.html"
