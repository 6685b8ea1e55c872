"""Forms of the whistle pages, for the street's steps and the summoned department's. They check the
shape of the input; whether a step is allowed, and for whom, is the services' decision."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hotline.models import Ticket
from streets.models import Urgency, Whistle, WhistleDomain
from units.models import Unit
from units.selectors import unit_label
from uploads.content_types import image_type, upload_head
from uploads.forms import PhotosField

PHOTO_MAX_MB = 10
PHOTO_MAX_COUNT = 9
SEPARATORS = re.compile(r"[\s,，、;；]+")
SUMMONABLE_KINDS = [Unit.Kind.DEPARTMENT, Unit.Kind.ENTERPRISE]
SCORES = [(score, str(score)) for score in range(5, 0, -1)]
UNSCORED = [("", _("— choose —"))]
WHISTLE_STATUS_LABELS = {
    # Its own words: a ticket is 办结, a whistle ends.
    Whistle.Status.OPEN: pgettext_lazy("whistle status", "Open"),
    Whistle.Status.CLOSED: pgettext_lazy("whistle status", "Closed"),
}


def photo_check(upload) -> None:
    if upload.size > PHOTO_MAX_MB * 1024 * 1024:
        raise ValidationError(
            gettext("%(name)s is larger than %(limit)s MB.") % {"name": upload.name, "limit": PHOTO_MAX_MB}
        )
    # Checked on the bytes: a file's name or the browser's word for its type proves nothing.
    if image_type(upload_head(upload)) is None:
        raise ValidationError(
            gettext("%(name)s is not a JPEG, PNG, GIF or WebP image.") % {"name": upload.name}
        )


def tokens(text: str) -> list[str]:
    """Codes, names or numbers typed into one box, in order, without repeats."""
    return list(dict.fromkeys(token for token in SEPARATORS.split(text or "") if token))


def summonable_units():
    return Unit.objects.filter(kind__in=SUMMONABLE_KINDS, is_active=True)


def photos_field(**kwargs) -> PhotosField:
    """The photos of a whistle's step: images only, each size-limited (``photo_check``)."""
    return PhotosField(max_count=PHOTO_MAX_COUNT, check=photo_check, **kwargs)


def coordinates_check(form: forms.Form, cleaned: dict) -> None:
    if (cleaned.get("longitude") is None) != (cleaned.get("latitude") is None):
        form.add_error("latitude", _("Give both longitude and latitude, or neither."))


def longitude_input():
    return forms.DecimalField(
        label=_("Longitude"), required=False, max_digits=9, decimal_places=6, min_value=-180, max_value=180
    )


def latitude_input():
    return forms.DecimalField(
        label=_("Latitude"), required=False, max_digits=9, decimal_places=6, min_value=-90, max_value=90
    )


class StreetChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return unit_label(obj)


class WhistleBlowForm(forms.Form):
    """吹哨. ``departments`` are the ticked boxes (suggested, or added on the page); what is typed
    into ``more_departments`` (codes or exact names, any district) is added to them."""

    street = StreetChoiceField(label=_("Street"), queryset=Unit.objects.none(), empty_label=None)
    domain = forms.ModelChoiceField(
        label=_("Domain"), queryset=WhistleDomain.objects.filter(is_active=True), empty_label=None
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=Urgency.choices, initial=Urgency.URGENT)
    address = forms.CharField(label=_("Place"), max_length=300)
    longitude = longitude_input()
    latitude = latitude_input()
    description = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = photos_field(label=_("Photos"), required=False)
    tickets = forms.CharField(
        label=_("Linked tickets"),
        required=False,
        help_text=_("Ticket numbers, separated by spaces or commas."),
    )
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments to summon"),
        queryset=summonable_units(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    more_departments = forms.CharField(
        label=_("Add a department (code or name)"), required=False, max_length=500
    )

    def __init__(self, *args, streets, tickets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photos"].help_text = gettext(
            "Images only, at most %(count)s, each up to %(limit)s MB."
        ) % {
            "count": PHOTO_MAX_COUNT,
            "limit": PHOTO_MAX_MB,
        }
        self.visible_tickets = tickets
        self.fields["street"].queryset = streets
        if len(streets) == 1:
            self.fields["street"].initial = streets[0]
            self.fields["street"].widget = forms.HiddenInput()

    def clean_tickets(self) -> list[Ticket]:
        numbers = tokens(self.cleaned_data["tickets"])
        found = {ticket.number: ticket for ticket in self.visible_tickets.filter(number__in=numbers)}
        missing = [number for number in numbers if number not in found]
        if missing:
            raise ValidationError(
                gettext("No ticket you can see has the number %(numbers)s.") % {"numbers": "、".join(missing)}
            )
        return [found[number] for number in numbers]

    def clean_more_departments(self) -> list[Unit]:
        units, missing = [], []
        for token in tokens(self.cleaned_data["more_departments"]):
            unit = (
                summonable_units().filter(code=token).first() or summonable_units().filter(name=token).first()
            )
            if unit is None:
                missing.append(token)
            else:
                units.append(unit)
        if missing:
            raise ValidationError(
                gettext("No department or public-service enterprise is called %(names)s.")
                % {"names": "、".join(missing)}
            )
        return units

    def clean(self):
        cleaned = super().clean()
        coordinates_check(self, cleaned)
        chosen = {}
        for unit in [*(cleaned.get("departments") or []), *(cleaned.get("more_departments") or [])]:
            chosen.setdefault(unit.pk, unit)
        if "departments" not in self.errors and "more_departments" not in self.errors and not chosen:
            self.add_error("departments", _("Summon at least one department."))
        cleaned["summoned"] = list(chosen.values())
        return cleaned


class WhistleFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *WHISTLE_STATUS_LABELS.items()]
    )
    domain = forms.ModelChoiceField(
        label=_("Domain"),
        required=False,
        queryset=WhistleDomain.objects.all(),
        empty_label=_("Any domain"),
    )
    urgency = forms.ChoiceField(
        label=_("Urgency"), required=False, choices=[("", _("Any urgency")), *Urgency.choices]
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = field.label

    def filter(self, whistles):
        if not self.is_valid():
            return whistles
        for name, value in self.cleaned_data.items():
            if value:
                whistles = whistles.filter(**{name: value})
        return whistles


class RateForm(forms.Form):
    """The street's rating of one summoned department (named by the page, not by the form)."""

    # No score is preset: the street chooses each one (an empty choice first, required).
    timeliness = forms.TypedChoiceField(label=_("Timeliness"), choices=UNSCORED + SCORES, coerce=int)
    cooperation = forms.TypedChoiceField(label=_("Cooperation"), choices=UNSCORED + SCORES, coerce=int)
    result = forms.TypedChoiceField(label=_("Result"), choices=UNSCORED + SCORES, coerce=int)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=1000)


class RewhistleForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Departments to summon again"),
        queryset=Unit.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("What is still needed"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, whistle: Whistle, **kwargs):
        super().__init__(*args, **kwargs)
        summonses = list(whistle.summonses.all())
        field = self.fields["departments"]
        field.queryset = Unit.objects.filter(pk__in=[summons.department_id for summons in summonses])
        # By default the departments that are not on site yet, as the service would choose.
        field.initial = [summons.department.code for summons in summonses if summons.arrived_at is None]


class EscalateForm(forms.Form):
    reason = forms.CharField(label=_("What must the district coordinate?"), max_length=2000)


class CloseForm(forms.Form):
    result = forms.CharField(label=_("Result"), max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
