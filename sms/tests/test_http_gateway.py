"""The HTTP sender against a real HTTP server on loopback, started here: the provider is down for
two attempts, then takes the message; the request follows the configured template."""

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from celery import current_app
from django.core.exceptions import ImproperlyConfigured

from sms.gateways import GatewayRejected, GatewayUnavailable
from sms.gateways.http import HttpGateway
from sms.models import SmsMessage
from sms.tasks import send_sms
from sms.tests.conftest import receipt

pytestmark = pytest.mark.django_db


class Provider(BaseHTTPRequestHandler):
    """Answers from ``script``: (status, JSON body, seconds to wait first), one per request."""

    script: list[tuple[int, dict, float]] = []
    received: list[dict] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"] or 0)).decode("utf-8")
        type(self).received.append({"path": self.path, "headers": dict(self.headers), "body": body})
        status, answer, wait = self.script.pop(0) if self.script else (200, {"code": "0"}, 0)
        time.sleep(wait)
        payload = json.dumps(answer).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST

    def log_message(self, *args):
        pass


@pytest.fixture
def eager_retries(monkeypatch):
    """As a worker does: a retry raised by the task runs the task again (eagerly, at once here)
    instead of surfacing as an error in the caller."""
    monkeypatch.setitem(current_app.conf, "task_eager_propagates", False)


@pytest.fixture
def provider(settings):
    Provider.script, Provider.received = [], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_GATEWAY = "sms.gateways.http.HttpGateway"
    settings.SMS_SIGN = "北京12345"
    settings.SMS_RETRY_BACKOFF_SECONDS = 1
    settings.SMS_HTTP = {
        "URL": f"http://127.0.0.1:{server.server_port}/sms/send",
        "METHOD": "POST",
        "BODY_FORMAT": "json",
        "BODY_TEMPLATE": {
            "account": "{access_key}",
            "password": "{access_secret}",
            "phone": "{phone}",
            "msg": "【{sign}】{text}",
            "uid": "{message_id}",
        },
        "HEADERS": {"X-Client": "12345"},
        "USERNAME": "",
        "PASSWORD": "",
        "ACCESS_KEY": "ak-1",
        "ACCESS_SECRET": "secret-1",
        "SUCCESS_PATH": "code",
        "SUCCESS_VALUE": "0",
        "PROVIDER_ID_PATH": "data.0.sid",
        "TIMEOUT_SECONDS": 2,
    }
    yield Provider
    server.shutdown()
    server.server_close()


def test_down_twice_then_sent_once_on_the_third_attempt(provider, eager_retries, file_ticket):
    ticket, callbacks = file_ticket()
    provider.script = [
        (500, {"code": "500"}, 0),
        (500, {"code": "500"}, 0),
        (200, {"code": "0", "data": [{"sid": "SID-42"}]}, 0),
    ]

    send_sms.delay(receipt(ticket).pk)  # eager in tests: the retries run inline, without waiting

    message = receipt(ticket)
    assert (message.status, message.attempts, message.provider_id) == ("sent", 3, "SID-42")
    assert len(provider.received) == 3
    request = provider.received[-1]
    assert request["path"] == "/sms/send"
    assert request["headers"]["X-Client"] == "12345"
    assert json.loads(request["body"]) == {
        "account": "ak-1",
        "password": "secret-1",
        "phone": "13812345678",
        "msg": f"【北京12345】{message.text}",
        "uid": str(message.pk),
    }
    assert ticket.number in message.text
    # Another run of the task (a duplicate delivery, the sweep) sends nothing more.
    send_sms.delay(message.pk)
    assert len(provider.received) == 3


def test_a_failure_code_in_a_200_answer_is_a_refusal(provider):
    provider.script = [(200, {"code": "17", "msg": "余额不足"}, 0)]
    with pytest.raises(GatewayRejected, match="code=17"):
        HttpGateway().send(phone="13812345678", text="t", sign="s", message_id=1)


def test_a_client_error_is_a_refusal_and_a_server_error_is_unavailable(provider):
    provider.script = [(400, {"code": "bad"}, 0), (503, {}, 0)]
    with pytest.raises(GatewayRejected):
        HttpGateway().send(phone="13812345678", text="t", sign="s", message_id=1)
    with pytest.raises(GatewayUnavailable):
        HttpGateway().send(phone="13812345678", text="t", sign="s", message_id=1)


def test_a_slow_provider_times_out(provider):
    provider.script = [(200, {"code": "0"}, 1.5)]
    started = time.monotonic()
    with pytest.raises(GatewayUnavailable):
        HttpGateway({"TIMEOUT_SECONDS": 0.3}).send(phone="13812345678", text="t", sign="s", message_id=1)
    assert time.monotonic() - started < 1.4


def test_a_form_body_with_basic_auth_keeps_the_text_in_its_field(provider):
    gateway = HttpGateway(
        {
            "BODY_FORMAT": "form",
            "BODY_TEMPLATE": {"mobile": "{phone}", "content": "{text}", "outId": "{message_id}"},
            "USERNAME": "user",
            "PASSWORD": "pw",
            "SUCCESS_PATH": "",
            "PROVIDER_ID_PATH": "",
        }
    )
    text = 'a&b=c "引号" {number}'
    assert gateway.send(phone="13812345678", text=text, sign="s", message_id=9) == "http-9"
    request = provider.received[0]
    assert urllib.parse.parse_qs(request["body"]) == {
        "mobile": ["13812345678"],
        "content": [text],
        "outId": ["9"],
    }
    assert request["headers"]["Authorization"] == "Basic dXNlcjpwdw=="


def test_a_get_provider_takes_the_fields_as_the_query(provider):
    HttpGateway({"METHOD": "GET"}).send(phone="13812345678", text="您好", sign="s", message_id=3)
    query = urllib.parse.parse_qs(urllib.parse.urlparse(provider.received[0]["path"]).query)
    assert query["phone"] == ["13812345678"] and query["msg"] == ["【s】您好"]


@pytest.mark.parametrize(
    "change",
    [
        {"URL": "file:///etc/passwd"},
        {"TIMEOUT_SECONDS": 0},
        {"TIMEOUT_SECONDS": 600},
        {"METHOD": "DELETE"},
        {"BODY_TEMPLATE": {"to": "{mobile}"}},
        {"HEADERS": {"X-Sig": "{access_secret.__class__}"}},
    ],
)
def test_a_bad_configuration_is_refused_before_sending(provider, change):
    with pytest.raises(ImproperlyConfigured):
        HttpGateway(change)
    assert provider.received == []


def test_a_message_whose_gateway_stays_down_ends_failed(provider, eager_retries, file_ticket, settings):
    settings.SMS_MAX_ATTEMPTS = 2
    ticket, callbacks = file_ticket()
    provider.script = [(502, {}, 0), (502, {}, 0)]

    send_sms.delay(receipt(ticket).pk)

    message = SmsMessage.objects.get(pk=receipt(ticket).pk)
    assert (message.status, message.attempts, message.last_error) == ("failed", 2, "HTTP 502")
