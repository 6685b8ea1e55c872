"""Who may file requests through Open311 (API clients and their keys), and the tokens handed back."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ApiClient(models.Model):
    """An application allowed to POST service requests (FixMyStreet, a district's app, …). Its key
    is generated when it is issued (see ``open311.services.api_client_issue``) and never typed in.
    Reading needs no key; a key that ``can_read_full`` reads the unredacted records."""

    name = models.CharField(_("name"), max_length=100)
    key = models.CharField(_("API key"), max_length=64, unique=True, editable=False)
    contact = models.CharField(
        _("contact"),
        max_length=200,
        blank=True,
        help_text=_("Who runs the application, and how to reach them."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    can_read_full = models.BooleanField(
        _("may read full records"),
        default=False,
        help_text=_(
            "Reading requests with this key shows every ticket's full text, address and coordinates, "
            "not the public view. Never the caller's name or phone."
        ),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("Open311 API client")
        verbose_name_plural = _("Open311 API clients")

    def __str__(self):
        return self.name


class RequestToken(models.Model):
    """Handed back with every accepted POST so that a client can look its request up later through
    ``tokens/{token}``; it also records which client filed the ticket and the media URL it gave."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    ticket = models.ForeignKey(
        "hotline.Ticket", verbose_name=_("ticket"), on_delete=models.CASCADE, related_name="open311_tokens"
    )
    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), on_delete=models.PROTECT, related_name="tokens"
    )
    media_url = models.URLField(_("media URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Open311 request token")
        verbose_name_plural = _("Open311 request tokens")

    def __str__(self):
        return self.token
