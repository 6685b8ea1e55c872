"""The ticket (工单): one citizen request, from intake to closing."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.models.reference import Category, RequestType, Tag, Tier
from uploads.storage_names import RandomName


class Channel(models.TextChoices):
    PHONE = "phone", _("Phone")
    WEB = "web", _("Web")
    WECHAT = "wechat", _("WeChat")
    APP = "app", _("App")
    GRID = "grid", _("Grid worker report")
    LEADER = "leader", _("Leader's assignment")
    OPEN311 = "open311", _("Open311")


class Disposition(models.TextChoices):
    """How a ticket closed without dispatch (Regulations Art. 11), counted in statistics."""

    ANSWERED = "answered", _("Answered directly from the knowledge base")
    EMERGENCY = "emergency", _("Transferred to emergency services (110/119/120/122)")
    LEGAL_CHANNEL = "legal_channel", _("Told the legal channel")
    REPEAT = "repeat", _("Repeat with no new facts")
    SECRETS = "secrets", _("Concerns secrets or privacy")
    OUTSIDE_DUTIES = "outside_duties", _("Outside every unit's duties")
    UNLAWFUL = "unlawful", _("Unlawful demand")


# The ways to close a call without dispatch other than a direct answer (which cites an article).
CLOSING_DISPOSITIONS = [choice for choice in Disposition.choices if choice[0] != Disposition.ANSWERED]


class Ticket(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for dispatch")
        DISPATCHED = "dispatched", _("Dispatched")
        ANSWERED = "answered", _("Answered directly")
        DISPOSED = "disposed", _("Closed without dispatch")
        MERGED = "merged", _("Merged into another ticket")
        CLOSED = "closed", _("Closed")

    class Crs(models.TextChoices):
        WGS84 = "wgs84", "WGS-84"
        GCJ02 = "gcj02", "GCJ-02"
        BD09 = "bd09", "BD-09"

    number = models.CharField(_("ticket number"), max_length=20, unique=True)
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    caller_name = models.CharField(_("caller name"), max_length=64, blank=True)
    caller_phone = models.CharField(_("caller phone"), max_length=24, blank=True)
    caller_anonymous = models.BooleanField(_("anonymous"), default=False)
    confidential = models.BooleanField(
        _("confidential"), default=False, help_text=_("Hide the caller from the handling units entirely.")
    )
    sms_consent = models.BooleanField(
        _("SMS updates"),
        null=True,
        blank=True,
        choices=[(None, _("As the kind of caller says")), (True, _("Wanted")), (False, _("Not wanted"))],
        # Unset: sms.services.sms_wanted decides by the caller's kind.
        help_text=_(
            "Whether the caller gets SMS about this ticket. Unset: yes for ordinary callers, "
            "no for anonymous and confidential ones."
        ),
    )
    request_type = models.ForeignKey(
        RequestType, verbose_name=_("request type"), on_delete=models.PROTECT, related_name="tickets"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="tickets"
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    address_key = models.CharField(_("normalised address"), max_length=255, blank=True, db_index=True)
    longitude = models.DecimalField(
        _("longitude (WGS-84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    latitude = models.DecimalField(
        _("latitude (WGS-84)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    input_crs = models.CharField(_("coordinate system given"), max_length=8, choices=Crs.choices, blank=True)
    content = models.TextField(_("content"))
    tier = models.CharField(_("urgency tier"), max_length=2, choices=Tier.choices)
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="tickets")
    operator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("operator"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets_taken",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    status_changed_at = models.DateTimeField(_("status changed at"), default=timezone.now)
    disposition = models.CharField(_("disposition"), max_length=16, choices=Disposition.choices, blank=True)
    disposition_note = models.TextField(_("disposition reason"), blank=True)
    answered_article = models.ForeignKey(
        "knowledge.Article",
        verbose_name=_("knowledge-base article used"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    master = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_calls",
    )
    caller_count = models.PositiveIntegerField(_("callers"), default=1)
    open311_public_content = models.BooleanField(
        _("content public on Open311"),
        null=True,
        blank=True,
        choices=[(None, _("As its category says")), (True, _("Public")), (False, _("Not public"))],
        help_text=_(
            "Whether anyone reading the Open311 API sees what the caller said, phone, ID and room numbers hidden."
        ),
    )
    # The Idempotency-Key of the request that filed it, unique within its scope (who sent it), and
    # the fingerprint of that request's content (hotline.idempotency).
    idempotency_scope = models.CharField(_("idempotency scope"), max_length=32, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, null=True, blank=True)
    request_fingerprint = models.CharField(_("request fingerprint"), max_length=64, blank=True)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            # The default order, newest first: the unfiltered list, and the walk a unit's list takes
            # (newest tickets first, each probed in the orders' (ticket, unit) index).
            models.Index(fields=["received_at", "id"], name="ticket_received_idx"),
            models.Index(fields=["status", "received_at"]),
            models.Index(fields=["caller_phone", "received_at"]),
            models.Index(fields=["category", "received_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_scope", "idempotency_key"],
                condition=models.Q(idempotency_key__isnull=False),
                name="ticket_idempotency_key_per_scope",
            ),
        ]

    def __str__(self):
        return self.number


class TicketSequence(models.Model):
    """The last number issued per day: ticket numbers are the date + a per-day counter, taken by
    hotline.services.numbering (unique, increasing, with gaps where an intake failed)."""

    day = models.DateField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("ticket number sequence")

    def __str__(self):
        return f"{self.day}: {self.last}"


class Attachment(models.Model):
    """A file of the ticket: filed at intake (no event), or a photo sent with a unit's reply (两图一表:
    the problem before handling, the result after), linked to the reply's event and so to its
    assignment and unit."""

    class Kind(models.TextChoices):
        IMAGE = "image", _("Image")
        AUDIO = "audio", _("Audio")
        DOCUMENT = "document", _("Document")

    class Stage(models.TextChoices):
        BEFORE = "before", _("Before handling")
        AFTER = "after", _("After handling")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    event = models.ForeignKey(
        "hotline.TicketEvent",
        verbose_name=_("sent with"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attachments",
    )
    stage = models.CharField(_("stage"), max_length=8, choices=Stage.choices, blank=True)
    file = models.FileField(_("file"), upload_to=RandomName("attachments"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    # Decided from the file's bytes and extension (uploads.content_types), never the uploader's word.
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self):
        return self.original_name


class PhoneReveal(models.Model):
    """Every time someone was shown a caller's full phone number: who, when, which ticket."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="phone_reveals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="phone_reveals")
    revealed_at = models.DateTimeField(_("revealed at"), default=timezone.now)

    class Meta:
        ordering = ["-revealed_at"]
        verbose_name = _("phone number reveal")
        verbose_name_plural = _("phone number reveals")

    def __str__(self):
        return f"{self.user} · {self.ticket_id} · {self.revealed_at:%Y-%m-%d %H:%M}"


class Callback(models.Model):
    """The citizen's answer to 回访: was it solved, and are they satisfied — two separate answers."""

    class Solved(models.TextChoices):
        SOLVED = "solved", _("Solved")
        PARTLY = "partly", _("Partly solved")
        NOT_SOLVED = "not_solved", _("Not solved")

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        DISSATISFIED = "dissatisfied", _("Dissatisfied")
        UNREACHABLE = "unreachable", _("No answer / unreachable")

    class Via(models.TextChoices):
        PHONE = "phone", _("Phone callback by an operator")
        WEB = "web", _("Citizen's answer on the web")
        SMS = "sms", _("SMS")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="callbacks")
    via = models.CharField(_("via"), max_length=8, choices=Via.choices)
    solved = models.CharField(_("solved?"), max_length=16, choices=Solved.choices, blank=True)
    satisfaction = models.CharField(_("satisfied?"), max_length=16, choices=Satisfaction.choices)
    comment = models.TextField(_("comment"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-recorded_at"]
        verbose_name = _("callback")
        verbose_name_plural = _("callbacks")

    def __str__(self):
        return f"{self.ticket_id}: {self.solved or '-'} / {self.satisfaction}"


class CallbackLink(models.Model):
    """A single-use link sent to the citizen to answer the callback questions on the web. Only a
    ticket's latest link is live: issuing one supersedes the earlier ones."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="callback_links")
    nonce = models.CharField(max_length=32, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)

    class Meta:
        verbose_name = _("callback link")
        verbose_name_plural = _("callback links")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=models.Q(superseded_at__isnull=True),
                name="callback_link_one_current_per_ticket",
            ),
        ]

    def __str__(self):
        return f"{self.ticket_id} · {self.expires_at:%Y-%m-%d}"
