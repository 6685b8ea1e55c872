"""What the whistle page is made of, shared by the street's views (``streets.views``) and the
summoned department's (``departments.views``): a timeline per summoned department with the forms
the user may submit for it, the forms of the department's steps, the page itself, and ``step_run``,
which applies one step posted from it."""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext as _

from core.step_views import service_errors
from dispatch.countdown import countdown_text
from hotline.selectors.tickets import visible_tickets
from streets.forms import (
    PHOTO_MAX_COUNT,
    PHOTO_MAX_MB,
    WHISTLE_STATUS_LABELS,
    CloseForm,
    EscalateForm,
    RateForm,
    RewhistleForm,
    coordinates_check,
    latitude_input,
    longitude_input,
    photos_field,
)
from streets.models import Summons, Whistle
from streets.selectors import (
    summons_standings,
    visible_whistles,
    whistle_detail,
    whistle_standings,
    whistling_streets,
)
from streets.whistle_states import (
    DEPARTMENT,
    SUMMONS_MOVES,
    WHISTLE_MOVES,
    WhistleForbidden,
    WhistleTransitionError,
    summons_actions,
    summons_rateable,
    whistle_actions,
)

STEP_LABELS = {
    action: move.label for (_status, action), move in {**WHISTLE_MOVES, **SUMMONS_MOVES}.items()
} | {
    "blow": gettext_lazy("Blow the whistle"),
    "comment": gettext_lazy("Comment on the rating"),
    "comment_rating": gettext_lazy("Comment on the rating"),
}


def whistle_url(pk: int, summons_pk: int | None = None) -> str:
    url = reverse("streets:whistle", args=[pk])
    return f"{url}#summons-{summons_pk}" if summons_pk else url


@dataclass
class Step:
    """One line of a department's timeline."""

    at: datetime
    kind: str
    label: str
    actor: object = None
    text: str = ""
    late: bool = False
    photos: list = field(default_factory=list)
    coordinates: tuple | None = None
    scores: dict | None = None


@dataclass
class SummonsBlock:
    """One summoned department on the whistle page, with the forms this user may submit for it."""

    summons: Summons
    actions: list[str]
    forms: dict[str, Form] = field(default_factory=dict)

    @property
    def rating(self):
        return getattr(self.summons, "rating", None)

    def timeline(self) -> list[Step]:
        """From the summons' own fields, which keep who did what and whether it was on time."""
        s, status = self.summons, Summons.Status
        steps = [Step(s.summoned_at, "summoned", status.SUMMONED.label)]
        steps += [Step(a.happened_at, "late", a.get_kind_display(), late=True) for a in s.alerts.all()]
        if s.acknowledged_at:
            steps.append(
                Step(
                    s.acknowledged_at,
                    "acknowledged",
                    status.ACKNOWLEDGED.label,
                    s.acknowledged_by,
                    late=s.acknowledged_on_time is False,
                )
            )
        if s.arrived_at:
            where = (s.checkin_longitude, s.checkin_latitude) if s.checkin_longitude is not None else None
            steps.append(
                Step(
                    s.arrived_at,
                    "arrived",
                    status.ARRIVED.label,
                    s.arrived_by,
                    s.checkin_note,
                    late=s.arrived_on_time is False,
                    photos=list(s.photos.all()),
                    coordinates=where,
                )
            )
        steps += [Step(r.reported_at, "report", _("Report"), r.reported_by, r.text) for r in s.reports.all()]
        if s.done_at:
            steps.append(Step(s.done_at, "done", status.DONE.label))
        rating = self.rating
        if rating is not None:
            scores = {
                "timeliness": rating.timeliness,
                "cooperation": rating.cooperation,
                "result": rating.result,
            }
            steps.append(
                Step(
                    rating.rated_at,
                    "rated",
                    _("Rated by the street"),
                    rating.rated_by,
                    rating.comment,
                    scores=scores,
                )
            )
            if rating.department_commented_at:
                steps.append(
                    Step(
                        rating.department_commented_at,
                        "department-comment",
                        _("The department's comment"),
                        rating.department_commented_by,
                        rating.department_comment,
                    )
                )
        return sorted(steps, key=lambda step: step.at)


def _form(bound: dict, key: tuple, form_class, summons_pk: int | None = None, **kwargs):
    """The bound form of a failed step if that is the one, else a fresh one with ids of its own."""
    if key in bound:
        return bound[key]
    prefix = f"id_{key[0]}{summons_pk or ''}_%s"
    return form_class(auto_id=prefix, **kwargs)


def whistle_page(request, whistle: Whistle, *, bound: dict | None = None, status: int = 200):
    """The whistle page. ``bound`` maps (step, summons id) to a submitted form to show again with
    its errors instead of an empty one."""
    user, bound = request.user, bound or {}
    street_steps = whistle_actions(status=whistle.status, standings=whistle_standings(user, whistle))
    is_open = whistle.status == Whistle.Status.OPEN
    now = timezone.now()
    blocks = []
    for summons in whistle.summonses.all():
        standings = summons_standings(user, summons)
        block = SummonsBlock(
            summons, summons_actions(status=summons.status, standings=standings) if is_open else []
        )
        for step, form_class in (("arrive", CheckinForm), ("report", ReportForm), ("finish", FinishForm)):
            if step in block.actions:
                block.forms[step] = _form(bound, (step, summons.pk), form_class, summons.pk)
        rating = block.rating
        if rating is not None and rating.department_commented_at is None and DEPARTMENT in standings:
            block.forms["comment"] = _form(bound, ("comment", summons.pk), RatingCommentForm, summons.pk)
        if "rate" in street_steps and summons_rateable(
            status=summons.status, acknowledge_due=summons.acknowledge_due, now=now
        ):
            scores = (
                {"timeliness": rating.timeliness, "cooperation": rating.cooperation, "result": rating.result}
                if rating
                else {}
            )
            initial = {**scores, "comment": rating.comment if rating else ""}
            block.forms["rate"] = _form(bound, ("rate", summons.pk), RateForm, summons.pk, initial=initial)
        blocks.append(block)

    street_forms = {}
    if "rewhistle" in street_steps and whistling_streets(user).filter(pk=whistle.street_id).exists():
        street_forms["rewhistle"] = _form(bound, ("rewhistle", None), RewhistleForm, whistle=whistle)
    if "escalate" in street_steps:
        street_forms["escalate"] = _form(bound, ("escalate", None), EscalateForm)
    if "close" in street_steps:
        street_forms["close"] = _form(bound, ("close", None), CloseForm)

    tickets = list(whistle.tickets.all())
    seen_tickets = set(
        visible_tickets(user).filter(pk__in=[t.pk for t in tickets]).values_list("pk", flat=True)
    )
    related = visible_whistles(user).select_related(None).only("pk", "blown_at", "status")
    context = {
        "whistle": whistle,
        "status_label": WHISTLE_STATUS_LABELS[whistle.status],
        "blocks": blocks,
        "street_forms": street_forms,
        "unrated": [b.summons.department.name for b in blocks if b.rating is None],
        "tickets": [(ticket, ticket.pk in seen_tickets) for ticket in tickets],
        "previous": related.filter(pk=whistle.previous_id).first() if whistle.previous_id else None,
        "repeats": related.filter(previous=whistle).order_by("blown_at"),
        "street_photos": [photo for photo in whistle.photos.all() if photo.summons_id is None],
        "events": [(event, STEP_LABELS.get(event.action, event.action)) for event in whistle.events.all()],
        "countdown_text": countdown_text(),
    }
    return render(request, "streets/whistle_detail.html", context, status=status)


def step_run(request, *, whistle_pk: int, key: tuple, form, apply, next_url=None):
    """One step posted from the whistle page: check the form, apply the service to its data, go on
    to ``next_url(result)`` (the whistle page by default) with a message; or show the page again
    with the form's errors (400). A step not possible now, or not for this user, becomes an error
    message."""
    summons_pk = key[1]
    if form is None or form.is_valid():
        try:
            result = apply(form.cleaned_data if form is not None else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect(whistle_url(whistle_pk, summons_pk))
            service_errors(form, error)
        except (WhistleTransitionError, WhistleForbidden) as error:
            messages.error(request, str(error))
            return redirect(whistle_url(whistle_pk, summons_pk))
        else:
            messages.success(
                request, _("“%(step)s” is recorded.") % {"step": STEP_LABELS.get(key[0], key[0])}
            )
            return redirect(next_url(result) if next_url else whistle_url(whistle_pk, summons_pk))
    whistle = whistle_detail(request.user, whistle_pk)
    return whistle_page(request, whistle, bound={key: form}, status=400)


class CheckinForm(forms.Form):
    """到场: a note, and optionally where (typed, or filled in by static/js/locate.js from the
    device's position) and photos, as proof."""

    note = forms.CharField(label=gettext_lazy("Check-in note"), required=False, max_length=500)
    longitude = longitude_input()
    latitude = latitude_input()
    photos = photos_field(label=gettext_lazy("Photos"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext(
            "Images only, at most %(count)s, each up to %(limit)s MB."
        ) % {"count": PHOTO_MAX_COUNT, "limit": PHOTO_MAX_MB}

    def clean(self):
        cleaned = super().clean()
        coordinates_check(self, cleaned)
        return cleaned


class ReportForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Actions taken"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2})
    )


class FinishForm(forms.Form):
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=1000)


class RatingCommentForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Your comment on the rating"), max_length=1000)
