from django.db import models
from django.utils import timezone


class YardstickTicket(models.Model):
    """A ticket-shaped row: what a call carries, no relations, no history."""

    received_at = models.DateTimeField(default=timezone.now)
    channel = models.CharField(max_length=16, default="phone")
    status = models.CharField(max_length=16, default="pending")
    request_type = models.CharField(max_length=32)
    category = models.CharField(max_length=16)
    content = models.TextField()
    address = models.CharField(max_length=255, blank=True, default="")
    caller_phone = models.CharField(max_length=32, blank=True, default="")

    class Meta:
        db_table = "yardstick_ticket"

    def __str__(self):
        return f"{self.pk}: {self.content[:20]}"
