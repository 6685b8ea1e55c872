from django.db.models import QuerySet

from sms.models import SmsMessage


def sms_last_to(phone: str, *, kind: str | None = None) -> SmsMessage | None:
    """The newest message written to ``phone`` (of ``kind``, if given): what a citizen last
    received, for a browser test or a support call. With the log gateway it is the only copy."""
    messages = SmsMessage.objects.filter(phone=phone)
    if kind:
        messages = messages.filter(kind=kind)
    return messages.order_by("-created_at", "-pk").first()


def ticket_sms_messages(ticket) -> QuerySet[SmsMessage]:
    """A ticket's messages, oldest first."""
    return SmsMessage.objects.filter(ticket=ticket).order_by("created_at", "pk")
