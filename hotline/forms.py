from django import forms
from django.utils.translation import gettext_lazy as _

from hotline.models import Callback


class TrackingForm(forms.Form):
    number = forms.CharField(label=_("Ticket number"), max_length=20)
    last_four = forms.RegexField(
        label=_("Last four digits of your phone"),
        regex=r"^\d{4}$",
        max_length=4,
        error_messages={"invalid": _("Enter four digits.")},
    )


class CitizenCallbackForm(forms.Form):
    solved = forms.ChoiceField(
        label=_("Was your request solved?"), choices=Callback.Solved.choices, widget=forms.RadioSelect
    )
    satisfaction = forms.ChoiceField(
        label=_("Are you satisfied with how it was handled?"),
        choices=[c for c in Callback.Satisfaction.choices if c[0] != Callback.Satisfaction.UNREACHABLE],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else you want to tell us"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
