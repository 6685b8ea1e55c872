"""The public form's fields and their rules. Every problem is a message on its field, in the
interface's language; nothing is stored until the whole form passes."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from citizenreports.choices import report_choices
from citizenreports.phone_codes import ascii_number
from hotline.attachments import photo_problem
from hotline.caller import MOBILE, InvalidPhone, phone_normalise
from hotline.geo import in_china
from uploads.content_types import upload_head


def mobile_clean(raw: str) -> str:
    """A mainland mobile number (codes go by SMS, so a landline cannot be proved)."""
    try:
        phone, anonymous = phone_normalise(raw)
    except InvalidPhone:
        phone, anonymous = "", False
    if anonymous or not MOBILE.fullmatch(phone):
        raise ValidationError(_("Enter your mobile number (11 digits, starting with 1)."), code="invalid")
    return phone


class PhotosInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Up to CITIZEN_PHOTO_MAX_COUNT photos in one input; each an image whose bytes match its type
    (hotline.attachments.photo_problem) and at most CITIZEN_PHOTO_MAX_MB."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", PhotosInput(attrs={"accept": "image/*", "multiple": True}))
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        uploads = [upload for upload in (data if isinstance(data, list | tuple) else [data]) if upload]
        if len(uploads) > settings.CITIZEN_PHOTO_MAX_COUNT:
            raise ValidationError(
                _("At most %(count)s photos.") % {"count": settings.CITIZEN_PHOTO_MAX_COUNT}, code="max_count"
            )
        problems = []
        for upload in uploads:
            if upload.size > settings.CITIZEN_PHOTO_MAX_MB * 1024 * 1024:
                problem = _("The photo is larger than %(mb)s MB.") % {"mb": settings.CITIZEN_PHOTO_MAX_MB}
            else:
                problem = photo_problem(name=upload.name, size=upload.size, head=upload_head(upload))
            if problem:
                problems.append(f"{upload.name}: {problem}")
        if problems:
            raise ValidationError(problems, code="invalid")
        return uploads


class SendCodeForm(forms.Form):
    """Asking for an SMS code: the phone and the captcha's answer."""

    phone = forms.CharField(
        label=gettext_lazy("Mobile number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )
    captcha = forms.CharField(
        label=gettext_lazy("Answer to the sum in the picture"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def clean_phone(self):
        return mobile_clean(self.cleaned_data["phone"])


class ReportForm(forms.Form):
    category = forms.ChoiceField(label=gettext_lazy("What is the problem about?"))
    content = forms.CharField(
        label=gettext_lazy("Describe the problem"),
        max_length=settings.HOTLINE_CONTENT_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    address = forms.CharField(
        label=gettext_lazy("Where is it?"),
        max_length=255,
        required=False,
        help_text=gettext_lazy("District, street, building or a landmark nearby."),
    )
    longitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    latitude = forms.FloatField(required=False, widget=forms.HiddenInput)
    photos = PhotosField(label=gettext_lazy("Photos (up to 3)"), required=False)
    phone = SendCodeForm.base_fields["phone"]
    code = forms.CharField(
        label=gettext_lazy("SMS code"),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.choices = {choice.code: choice for choice in report_choices()}
        self.fields["category"].choices = [("", _("Choose…"))] + [
            (code, choice.label) for code, choice in self.choices.items()
        ]

    def clean_phone(self):
        return mobile_clean(self.cleaned_data["phone"])

    def clean_code(self):
        code = ascii_number(self.cleaned_data["code"])
        if not code.isdigit() or len(code) != 6:
            raise ValidationError(_("Enter the 6 digits of the SMS code."), code="invalid")
        return code

    def clean(self):
        cleaned = super().clean()
        lng, lat = cleaned.get("longitude"), cleaned.get("latitude")
        if (lng is None) != (lat is None) or (lng is not None and not in_china(lng, lat)):
            cleaned["longitude"] = cleaned["latitude"] = lng = None
            self.add_error("address", _("Your location could not be used. Type the address instead."))
        if not cleaned.get("address", "").strip() and lng is None and "address" not in self.errors:
            self.add_error("address", _("Type the address, or use your location."))
        if "category" in cleaned:
            cleaned["choice"] = self.choices[cleaned["category"]]
        return cleaned
