"""The monthly topic pages (每月一题): the list of topics by month, and one topic with its tickets,
weekly trend, the units that lead most of them and what became of them. For the people who read the
analyses (``accounts.permissions.ANALYSTS``), each over the territory whose figures they may read
(``metrics.analyses.analysis_districts``)."""

from datetime import date

from django.shortcuts import get_object_or_404, render
from django.views import View

from accounts.permissions import ANALYSTS, RoleRequiredMixin
from governance.figures import ticket_outcomes, top_owners, topic_tickets, topic_window, weekly_trend
from governance.models import Topic
from governance.selectors import may_create
from metrics.analyses import analysis_districts
from metrics.periods import month_of

TICKETS_SHOWN = 100


class TopicListView(RoleRequiredMixin, View):
    required_roles = ANALYSTS

    def get(self, request):
        topics = Topic.objects.select_related("lead_unit").order_by("-month", "title")
        month = None
        if value := request.GET.get("month", ""):
            try:
                year, number = (int(part) for part in value.split("-")[:2])
                month = month_of(date(year, number, 1))
            except ValueError:
                month = None
        if month is not None:
            topics = topics.filter(month=month)
        return render(request, "governance/topic_list.html", {"topics": topics, "month": month})


class TopicDetailView(RoleRequiredMixin, View):
    required_roles = ANALYSTS

    def get(self, request, pk):
        topic = get_object_or_404(Topic.objects.select_related("lead_unit"), pk=pk)
        tickets = topic_tickets(topic, districts=analysis_districts(request.user))
        trend = weekly_trend(tickets)
        peak = max((count for _week, count in trend), default=0)
        start, end = topic_window(topic)
        context = {
            "topic": topic,
            "categories": topic.categories.order_by("code"),
            "start": start,
            "end": end,
            "trend": [(week, count, round(100 * count / peak) if peak else 0) for week, count in trend],
            "owners": top_owners(tickets),
            "outcomes": ticket_outcomes(tickets),
            "tickets": tickets.select_related("category").order_by("-received_at", "-pk")[:TICKETS_SHOWN],
            "tickets_shown": TICKETS_SHOWN,
            "may_create": may_create(request.user),
        }
        return render(request, "governance/topic_detail.html", context)
