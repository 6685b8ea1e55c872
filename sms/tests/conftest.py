import pytest

from hotline.services.intake import TicketDraft, ticket_create
from hotline.tests.factories import CategoryFactory, RequestTypeFactory
from sms.models import SmsMessage


class RecordingGateway:
    """Keeps what it was asked to send; fails as ``failures`` says (a list of exceptions, one per
    call, consumed in order)."""

    sent: list[dict] = []
    failures: list[Exception] = []

    def send(self, *, phone: str, text: str, sign: str, message_id: int) -> str:
        if self.failures:
            raise self.failures.pop(0)
        self.sent.append({"phone": phone, "text": text, "sign": sign, "message_id": message_id})
        return f"rec-{message_id}"


@pytest.fixture
def gateway(settings):
    settings.SMS_GATEWAY = f"{__name__}.RecordingGateway"
    settings.PUBLIC_BASE_URL = "https://12345.example.gov.cn/"
    RecordingGateway.sent = []
    RecordingGateway.failures = []
    return RecordingGateway


@pytest.fixture
def file_ticket(db, django_capture_on_commit_callbacks):
    """``file_ticket(**draft fields)`` → (ticket, the after-commit callbacks, not yet run): a call
    filed for dispatch through intake, as the hotline files it."""

    def file(**fields):
        draft = TicketDraft(
            channel="phone",
            request_type=fields.pop("request_type", None) or RequestTypeFactory(),
            category=CategoryFactory(),
            content="小区门口有人占道经营，晚上很吵。",
            caller_phone=fields.pop("caller_phone", "13812345678"),
            **fields,
        )
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            ticket, created = ticket_create(draft=draft)
        assert created
        return ticket, callbacks

    return file


def receipt(ticket) -> SmsMessage:
    return SmsMessage.objects.get(ticket=ticket, kind="receipt")
