"""The two front doors' forms: field messages in the interface language, nothing saved on a refusal."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from fieldreports.models import LeaderItem
from fieldreports.selectors import QuickChoice
from hotline.attachments import photo_problem
from hotline.models import Category, RequestType, Tier
from units.models import Unit
from units.selectors import units_named
from uploads.content_types import upload_head


class PlaceFields(forms.Form):
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    longitude = forms.FloatField(min_value=-180, max_value=180, required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(min_value=-90, max_value=90, required=False, widget=forms.HiddenInput)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
    )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and (problem := photo_problem(name=photo.name, size=photo.size, head=upload_head(photo))):
            raise forms.ValidationError(problem)
        return photo


class FieldReportForm(PlaceFields):
    category = forms.ChoiceField(
        label=_("Problem"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the problem."), "invalid_choice": _("Choose the problem.")},
    )
    unit = forms.ModelChoiceField(
        label=_("Reporting for"),
        queryset=Unit.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": _("You do not report for this unit.")},
    )
    content = forms.CharField(
        label=_("Problem description"),
        max_length=settings.HOTLINE_CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Describe the problem.")},
    )
    field_order = ["category", "longitude", "latitude", "address", "photo", "content", "unit"]

    def __init__(self, *args, choices: list[QuickChoice], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = {choice.category.code: choice for choice in choices}
        self.fields["category"].choices = [(c.category.code, c.category.name) for c in choices]
        self.fields["unit"].queryset = units
        if len(units[:2]) == 1:
            # One unit: nothing to choose, the report is for it.
            self.fields["unit"].initial = units[0]
            self.fields["unit"].required = False
            self.fields["unit"].widget = forms.HiddenInput()

    def clean_unit(self):
        return self.cleaned_data.get("unit") or self.fields["unit"].initial

    def clean(self):
        data = super().clean()
        if not (data.get("address") or "").strip() and (
            data.get("longitude") is None or data.get("latitude") is None
        ):
            self.add_error("address", _("Use your location or type the address."))
        return data


# Assisting-unit pickers the item form offers.
MAX_ASSISTING = 3


class LeaderItemForm(PlaceFields):
    source = forms.ChoiceField(label=_("From"), choices=LeaderItem.Source.choices, widget=forms.RadioSelect)
    source_ticket = forms.CharField(label=_("Ticket number"), max_length=20, required=False)
    source_warning = forms.RegexField(
        label=_("Early warning"),
        regex=r"^\d+/\d+/\d{4}-\d{2}-\d{2}$",
        required=False,
        widget=forms.HiddenInput,
    )
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.filter(is_active=True, level=3).order_by("path")
    )
    request_type = forms.ModelChoiceField(
        label=_("Request type"), queryset=RequestType.objects.filter(is_active=True), empty_label=None
    )
    content = forms.CharField(
        label=_("What is to be done"),
        max_length=settings.HOTLINE_CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    tier = forms.ChoiceField(label=_("Deadline"), choices=Tier.choices, initial=Tier.T3)
    lead_unit = forms.CharField(label=_("Lead unit"), max_length=100)
    assisting_units = forms.CharField(label=_("Assisting units"), max_length=100, required=False)
    field_order = [
        "source",
        "source_ticket",
        "source_warning",
        "address",
        "photo",
        "category",
        "request_type",
    ]

    def __init__(self, *args, units, tickets, **kwargs):
        super().__init__(*args, **kwargs)
        self.units = units
        self.visible_tickets = tickets
        self.fields["request_type"].initial = RequestType.objects.filter(code="help").first()

    def _unit(self, field: str, text: str) -> Unit | None:
        """A unit the leader may name, by code, name or the picker's label; else a field message."""
        found = units_named(self.units, text)
        if len(found) != 1:
            self.add_error(field, _("Choose a unit within your reach from the list."))
            return None
        return found[0]

    def clean_source_ticket(self):
        number = self.cleaned_data.get("source_ticket", "").strip()
        if not number:
            return None
        ticket = self.visible_tickets.filter(number=number).first()
        if ticket is None:
            raise forms.ValidationError(_("No ticket you may see has this number."))
        return ticket

    def clean(self):
        data = super().clean()
        if data.get("lead_unit"):
            data["lead_unit"] = self._unit("lead_unit", data["lead_unit"])
        names = [name for name in self.data.getlist("assisting_units") if name.strip()][:MAX_ASSISTING]
        data["assisting_units"] = tuple(
            unit for name in names if (unit := self._unit("assisting_units", name))
        )
        return data
