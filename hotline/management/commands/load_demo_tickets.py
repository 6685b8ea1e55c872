from django.core.management.base import BaseCommand

from accounts.models import User
from hotline.caller import phone_normalise
from hotline.demo import DEMO_CALLS
from hotline.idempotency import Idempotency, request_fingerprint, user_scope
from hotline.models import Category, RequestType
from hotline.services.intake import TicketDraft, ticket_create


class Command(BaseCommand):
    help = "File a few demo calls (idempotent: each has its own idempotency key)."

    def handle(self, *args, **options):
        operator = User.objects.filter(username="operator").first()
        types = {t.code: t for t in RequestType.objects.all()}
        categories = Category.objects.in_bulk([call[2] for call in DEMO_CALLS], field_name="code")
        created = 0
        for key, type_code, category_code, phone, name, address, content in DEMO_CALLS:
            number, anonymous = phone_normalise(phone)
            draft = TicketDraft(
                channel="phone",
                request_type=types[type_code],
                category=categories[category_code],
                content=content,
                caller_name=name,
                caller_phone=number,
                caller_anonymous=anonymous,
                address=address,
            )
            idempotency = Idempotency(
                scope=user_scope(operator) if operator else "",
                key=key,
                fingerprint=request_fingerprint(draft),
            )
            created += ticket_create(draft=draft, operator=operator, idempotency=idempotency)[1]
        self.stdout.write(f"demo tickets: {created} created, {len(DEMO_CALLS) - created} already there")
