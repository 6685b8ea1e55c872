"""The summoned department's pages: the board of open summonses (refreshing itself), the ratings the
streets gave, and the department's steps on a summons, posted from the whistle page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Avg, Count
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import ListView, TemplateView

from accounts.models import Role
from accounts.permissions import RoleRequiredMixin
from accounts.selectors import user_units
from departments.services import (
    rating_comment,
    summons_acknowledge,
    summons_arrive,
    summons_finish,
    summons_report,
)
from dispatch.countdown import countdown_text
from streets.models import Rating, Summons
from streets.page_parts import (
    CheckinForm,
    FinishForm,
    RatingCommentForm,
    ReportForm,
    step_run,
)
from streets.selectors import department_board, visible_whistles
from streets.whistle_states import WhistleTransitionError

BOARD_LIMIT = 200  # a duty officer's screen, not an archive: the most pressing first
BOARD_REFRESH_SECONDS = 10


class BoardView(RoleRequiredMixin, TemplateView):
    """Open summonses of the user's departments with their acknowledge and arrival countdowns."""

    required_roles = (Role.DEPARTMENT_STAFF,)
    template_name = "departments/board.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            summonses=list(department_board(self.request.user)[:BOARD_LIMIT]),
            refresh_seconds=BOARD_REFRESH_SECONDS,
            countdown_text=countdown_text(),
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class BoardRowsView(BoardView):
    """The board's table rows alone, which static/js/whistle_board.js fetches every few seconds."""

    template_name = "departments/board_rows.html"


class RatingListView(RoleRequiredMixin, ListView):
    """How the streets rated the user's departments, and what the departments answered."""

    required_roles = (Role.DEPARTMENT_STAFF,)
    template_name = "departments/ratings.html"
    paginate_by = 50

    def get_queryset(self):
        user = self.request.user
        return (
            Summons.objects.filter(
                department__in=user_units(user, Role.DEPARTMENT_STAFF),
                whistle__in=visible_whistles(user),
                rating__isnull=False,
            )
            .select_related("whistle", "whistle__street", "whistle__domain", "department", "rating")
            .order_by("-rating__rated_at", "-pk")
        )

    def get_context_data(self, **kwargs):
        averages = self.object_list.aggregate(
            count=Count("pk"),
            timeliness=Avg("rating__timeliness"),
            cooperation=Avg("rating__cooperation"),
            result=Avg("rating__result"),
        )
        return super().get_context_data(averages=averages, **kwargs)


class SummonsStepView(LoginRequiredMixin, View):
    """签收, 到场, 上报, 完成, and the one comment on the street's rating."""

    steps = ("acknowledge", "arrive", "report", "finish", "comment")

    def post(self, request, pk, action):
        if action not in self.steps:
            raise Http404
        summons = get_object_or_404(
            Summons.objects.select_related("whistle", "whistle__street", "department"),
            pk=pk,
            whistle__in=visible_whistles(request.user),
        )
        return getattr(self, action)(request, summons)

    def _run(self, request, summons, step, form, apply):
        return step_run(
            request, whistle_pk=summons.whistle_id, key=(step, summons.pk), form=form, apply=apply
        )

    def acknowledge(self, request, summons):
        return self._run(
            request,
            summons,
            "acknowledge",
            None,
            lambda data: summons_acknowledge(summons=summons, actor=request.user),
        )

    def arrive(self, request, summons):
        form = CheckinForm(request.POST, request.FILES, auto_id=f"id_arrive{summons.pk}_%s")
        return self._run(
            request,
            summons,
            "arrive",
            form,
            lambda data: summons_arrive(summons=summons, actor=request.user, **data),
        )

    def report(self, request, summons):
        form = ReportForm(request.POST, auto_id=f"id_report{summons.pk}_%s")
        return self._run(
            request,
            summons,
            "report",
            form,
            lambda data: summons_report(summons=summons, actor=request.user, text=data["text"]),
        )

    def finish(self, request, summons):
        form = FinishForm(request.POST, auto_id=f"id_finish{summons.pk}_%s")
        return self._run(
            request,
            summons,
            "finish",
            form,
            lambda data: summons_finish(summons=summons, actor=request.user, note=data["note"]),
        )

    def comment(self, request, summons):
        def apply(data):
            rating = Rating.objects.filter(summons=summons).first()
            if rating is None:
                raise WhistleTransitionError(_("The street has not rated this department yet."))
            return rating_comment(rating=rating, actor=request.user, text=data["text"])

        form = RatingCommentForm(request.POST, auto_id=f"id_comment{summons.pk}_%s")
        return self._run(request, summons, "comment", form, apply)
