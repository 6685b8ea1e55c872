"""One HTTP request per message, as Chinese SMS providers take them. Everything about the provider
is in ``settings.SMS_HTTP`` (from the environment, see README "SMS"):

- ``URL``, ``METHOD`` (POST or GET), ``TIMEOUT_SECONDS`` (bounded, 1–60);
- ``BODY_FORMAT`` "json" or "form" and ``BODY_TEMPLATE``, an object whose string values may hold
  placeholders {phone} {text} {sign} {message_id} {access_key} {access_secret} {timestamp}
  (GET sends it as the query string); each value is filled on its own, so a message text cannot
  break out of its JSON string or form field;
- ``HEADERS``, filled the same way (e.g. a token header); ``USERNAME``/``PASSWORD`` for basic auth;
  ``ACCESS_KEY``/``ACCESS_SECRET`` for templates that carry credentials;
- ``SUCCESS_PATH`` + ``SUCCESS_VALUE``: where the JSON answer says it took the message (dotted,
  list indexes as numbers: "result.0.code"); empty path: any 2xx answer is success;
- ``PROVIDER_ID_PATH``: where the answer holds the provider's id for the message."""

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPException

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from sms.gateways import GatewayRejected, GatewayUnavailable
from sms.placeholders import placeholders_used

REQUEST_PLACEHOLDERS = frozenset(
    {"phone", "text", "sign", "message_id", "access_key", "access_secret", "timestamp"}
)
MAX_TIMEOUT_SECONDS = 60
MAX_ANSWER_BYTES = 64 * 1024
_MISSING = object()


def _fill(template, values: dict[str, str]):
    if isinstance(template, str):
        return template.format_map({name: values[name] for name in placeholders_used(template)})
    if isinstance(template, dict):
        return {key: _fill(value, values) for key, value in template.items()}
    if isinstance(template, list):
        return [_fill(value, values) for value in template]
    return template


def _names(template) -> set[str]:
    if isinstance(template, str):
        return set(placeholders_used(template))
    if isinstance(template, dict):
        return set().union(*(_names(value) for value in template.values()))
    if isinstance(template, list):
        return set().union(*(_names(value) for value in template))
    return set()


def json_path(document, path: str):
    """The value at a dotted path ("data.0.sid"), or _MISSING."""
    for step in path.split("."):
        if isinstance(document, dict) and step in document:
            document = document[step]
        elif isinstance(document, list) and step.isdigit() and int(step) < len(document):
            document = document[int(step)]
        else:
            return _MISSING
    return document


class HttpGateway:
    def __init__(self, config: dict | None = None):
        self.config = {**settings.SMS_HTTP, **(config or {})}
        self._check()

    def _check(self):
        config = self.config
        if not config["URL"].startswith(("http://", "https://")):
            raise ImproperlyConfigured("SMS_HTTP_URL must be an http(s) URL.")
        if config["METHOD"].upper() not in {"POST", "GET"}:
            raise ImproperlyConfigured("SMS_HTTP_METHOD must be POST or GET.")
        if config["BODY_FORMAT"] not in {"json", "form"}:
            raise ImproperlyConfigured("SMS_HTTP_BODY_FORMAT must be json or form.")
        if not 0 < float(config["TIMEOUT_SECONDS"]) <= MAX_TIMEOUT_SECONDS:
            raise ImproperlyConfigured(f"SMS_HTTP_TIMEOUT_SECONDS must lie in (0, {MAX_TIMEOUT_SECONDS}].")
        try:
            unknown = _names(config["BODY_TEMPLATE"]) | _names(config["HEADERS"])
        except ValidationError as exc:
            raise ImproperlyConfigured(f"SMS_HTTP templates: {exc.messages}") from exc
        if unknown - REQUEST_PLACEHOLDERS:
            raise ImproperlyConfigured(f"SMS_HTTP templates use unknown placeholders {sorted(unknown)}.")

    def send(self, *, phone: str, text: str, sign: str, message_id: int) -> str:
        config = self.config
        values = {
            "phone": phone,
            "text": text,
            "sign": sign,
            "message_id": str(message_id),
            "access_key": config["ACCESS_KEY"],
            "access_secret": config["ACCESS_SECRET"],
            "timestamp": str(int(time.time())),
        }
        answer = self._post(self._request(values))
        return self._provider_id(answer, message_id)

    def _request(self, values: dict[str, str]) -> urllib.request.Request:
        config = self.config
        method = config["METHOD"].upper()
        fields = _fill(config["BODY_TEMPLATE"], values)
        headers = {key: str(value) for key, value in _fill(config["HEADERS"], values).items()}
        if config["USERNAME"]:
            pair = f"{config['USERNAME']}:{config['PASSWORD']}".encode()
            headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
        url, body = config["URL"], None
        if method == "GET":
            url += ("&" if "?" in url else "?") + urllib.parse.urlencode(fields)
        elif config["BODY_FORMAT"] == "json":
            body = json.dumps(fields, ensure_ascii=False).encode("utf-8")
            headers.setdefault("Content-Type", "application/json; charset=utf-8")
        else:
            body = urllib.parse.urlencode(fields).encode("ascii")
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        return urllib.request.Request(url, data=body, headers=headers, method=method)  # noqa: S310 (http(s) checked)

    def _post(self, request: urllib.request.Request) -> bytes:
        try:
            with urllib.request.urlopen(request, timeout=float(self.config["TIMEOUT_SECONDS"])) as response:  # noqa: S310 (http(s) checked)
                return response.read(MAX_ANSWER_BYTES)
        except urllib.error.HTTPError as exc:
            if exc.code >= 500 or exc.code == 429:
                raise GatewayUnavailable(f"HTTP {exc.code}") from exc
            raise GatewayRejected(f"HTTP {exc.code}: {exc.read(500).decode('utf-8', 'replace')}") from exc
        except (urllib.error.URLError, TimeoutError, OSError, HTTPException) as exc:
            raise GatewayUnavailable(f"{type(exc).__name__}: {exc}") from exc

    def _provider_id(self, answer: bytes, message_id: int) -> str:
        success_path, id_path = self.config["SUCCESS_PATH"], self.config["PROVIDER_ID_PATH"]
        if not (success_path or id_path):
            return f"http-{message_id}"
        try:
            document = json.loads(answer.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise GatewayUnavailable(f"unreadable answer: {answer[:200]!r}") from exc
        if success_path:
            found = json_path(document, success_path)
            if found is _MISSING or str(found) != str(self.config["SUCCESS_VALUE"]):
                raise GatewayRejected(
                    f"{success_path}={found if found is not _MISSING else '?'}: {answer[:300]!r}"
                )
        provider_id = json_path(document, id_path) if id_path else _MISSING
        return str(provider_id)[:100] if provider_id not in (_MISSING, None) else f"http-{message_id}"
