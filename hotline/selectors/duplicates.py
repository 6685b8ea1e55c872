"""Candidates for 并单 shown while the operator types: same caller, same place, similar words."""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hotline.caller import address_key
from hotline.geo import distance_m
from hotline.models import Ticket
from hotline.services.dispositions import OPEN_STATUSES
from hotline.text_similarity import bigrams, similarity

REASONS = {
    "phone": _("same caller phone"),
    "place": _("same category nearby"),
    "address": _("same category at the same address"),
    "content": _("similar content"),
}
TEXT_CANDIDATES = 300  # the most recent same-category tickets compared word by word


@dataclass
class Candidate:
    ticket: Ticket
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0

    @property
    def mergeable(self) -> bool:
        return self.ticket.status in OPEN_STATUSES and self.ticket.master_id is None


def duplicate_candidates(
    *,
    phone: str = "",
    category_id: int | None = None,
    longitude: float | None = None,
    latitude: float | None = None,
    address: str = "",
    content: str = "",
    exclude_id: int | None = None,
    now: datetime | None = None,
    limit: int = 10,
) -> list[Candidate]:
    now = now or timezone.now()
    found: dict[int, Candidate] = {}

    def add(ticket: Ticket, reason: str, score: float) -> None:
        candidate = found.setdefault(ticket.pk, Candidate(ticket))
        candidate.reasons.append(reason)
        candidate.score += score

    recent = Ticket.objects.select_related("category", "request_type").exclude(pk=exclude_id)
    if phone:
        since = now - timedelta(days=settings.HOTLINE_DUPLICATE_PHONE_DAYS)
        for ticket in recent.filter(caller_phone=phone, received_at__gte=since)[:limit]:
            add(ticket, "phone", 1.0)
    if category_id:
        same_category = recent.filter(
            category_id=category_id,
            received_at__gte=now - timedelta(days=settings.HOTLINE_DUPLICATE_PLACE_DAYS),
        )
        key = address_key(address)
        near = Q(address_key=key) if key else Q(pk__in=[])
        if longitude is not None and latitude is not None:
            radius = settings.HOTLINE_DUPLICATE_RADIUS_M
            dlat = radius / 111_320
            dlng = radius / (111_320 * max(math.cos(math.radians(latitude)), 0.01))
            near |= Q(
                longitude__range=(longitude - dlng, longitude + dlng),
                latitude__range=(latitude - dlat, latitude + dlat),
            )
        for ticket in same_category.filter(near)[:limit]:
            if key and ticket.address_key == key:
                add(ticket, "address", 0.8)
            elif ticket.longitude is not None and (
                distance_m(longitude, latitude, float(ticket.longitude), float(ticket.latitude))
                <= settings.HOTLINE_DUPLICATE_RADIUS_M
            ):
                add(ticket, "place", 0.6)
        words = bigrams(content)
        if words:
            for ticket in same_category.order_by("-received_at")[:TEXT_CANDIDATES]:
                alike = similarity(words, bigrams(ticket.content))
                if alike >= settings.HOTLINE_DUPLICATE_TEXT_SIMILARITY:
                    add(ticket, "content", alike)
    ranked = sorted(found.values(), key=lambda c: (-c.score, -c.ticket.received_at.timestamp()))
    return ranked[:limit]
