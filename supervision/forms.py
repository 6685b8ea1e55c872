"""The forms of the supervision pages; the services check what the forms cannot (who, which state)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from supervision.models import SupervisionOrder


class IssueForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit that must answer"), queryset=None, required=False)
    subject = forms.CharField(label=_("Subject"), max_length=200, required=False)
    reason = forms.CharField(label=_("Reason"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, units, assignment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        if assignment is not None:
            del self.fields["unit"]


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several files in one input; the service checks them as a reply's photos."""

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, list | tuple) else [data]
        return [super(PhotosField, self).clean(upload, initial) for upload in uploads if upload]


class AnswerForm(forms.Form):
    text = forms.CharField(label=_("Answer"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    photos = PhotosField(
        label=_("Photos (optional)"),
        required=False,
        widget=PhotosInput(attrs={"accept": "image/jpeg,image/png,image/gif,image/webp", "multiple": True}),
    )


class AcceptForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=2000, required=False)


class SendBackForm(forms.Form):
    reason = forms.CharField(label=_("Why it is sent back"), max_length=2000)


class FilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *SupervisionOrder.Status.choices],
        widget=forms.Select(attrs={"aria-label": _("Status")}),
    )
