"""The forms of the governance pages; the services check what the forms cannot (who, which state)."""

from datetime import datetime, time

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import ProactiveTask
from hotline.models import Category
from supervision.forms import PhotosField, PhotosInput

PHOTO_TYPES = "image/jpeg,image/png,image/gif,image/webp"


class TaskForm(forms.Form):
    title = forms.CharField(label=_("The problem"), max_length=200)
    description = forms.CharField(
        label=_("Details"), max_length=4000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.order_by("code"))
    street = forms.ModelChoiceField(label=_("Street / township"), queryset=None, required=False)
    address = forms.CharField(label=_("Address"), max_length=255, required=False)
    owners = forms.ModelMultipleChoiceField(label=_("Owner units"), queryset=None)
    deadline = forms.DateField(label=_("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    ticket_numbers = forms.CharField(
        label=_("Ticket numbers behind it"),
        required=False,
        max_length=2000,
        help_text=_("Separated by spaces or commas."),
    )

    def __init__(self, *args, streets, owners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].queryset = streets
        self.fields["owners"].queryset = owners

    def clean_deadline(self):
        day = self.cleaned_data["deadline"]
        return datetime.combine(day, time.max, tzinfo=timezone.get_default_timezone())

    def clean_ticket_numbers(self):
        value = self.cleaned_data["ticket_numbers"].replace(",", " ").replace("，", " ")
        return sorted(set(value.split()))


class AnswerForm(forms.Form):
    result = forms.CharField(
        label=_("What was done"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    photos_before = PhotosField(
        label=_("Photos before the work"), widget=PhotosInput(attrs={"accept": PHOTO_TYPES, "multiple": True})
    )
    photos_after = PhotosField(
        label=_("Photos after the work"), widget=PhotosInput(attrs={"accept": PHOTO_TYPES, "multiple": True})
    )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Why it is sent back"), max_length=2000)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ProactiveTask.Status.choices],
        widget=forms.Select(attrs={"aria-label": _("Status")}),
    )
