import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hotline.caller import ascii_digits
from hotline.models import Callback


class TrackingForm(forms.Form):
    """Digits may be typed in any script (full-width, Arabic-Indic …); they are cleaned to ASCII,
    as stored."""

    number = forms.CharField(label=_("Ticket number"), max_length=20)
    last_four = forms.CharField(label=_("Last four digits of your phone"), max_length=4)

    def clean_number(self):
        return ascii_digits(self.cleaned_data["number"])

    def clean_last_four(self):
        digits = ascii_digits(self.cleaned_data["last_four"])
        if not re.fullmatch(r"[0-9]{4}", digits):
            raise ValidationError(_("Enter four digits."), code="invalid")
        return digits


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
