"""Calls to the running site over HTTP, as a client would make them: health, a token, filing
tickets. Standard library only (see health.drills.stack)."""

import json
import urllib.error
import urllib.request
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

# Addresses the reference data routes with differing confidence: some are dispatched at once,
# others wait in the dispatchers' queue with a stored decision. Both count as routed.
ADDRESSES = (
    "北京市朝阳区团结湖街道团结湖北里3号楼",
    "朝阳区三里屯路19号",
    "北京市朝阳区建国路88号",
    "朝阳区团结湖路12号院",
)


def request_json(
    method: str, url: str, *, body: dict | None = None, headers: dict | None = None, timeout: float = 60
) -> tuple[int, dict | None]:
    """→ (status, parsed JSON body or None); a refused connection or a timeout is status 0."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    except OSError:
        return 0, None
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, None


def token_obtain(base_url: str, *, username: str, password: str) -> str:
    status, body = request_json(
        "POST", f"{base_url}/api/v1/auth/token/", body={"username": username, "password": password}
    )
    if status != 200 or not body:
        raise RuntimeError(f"no API token for {username}: HTTP {status} {body}")
    return body["token"]


def ticket_payload(*, marker: str, number: int) -> dict:
    """A valid phone call; ``marker`` in its content finds it in the database even when the
    answer never arrived (a 500 after commit)."""
    return {
        "request_type": "complaint",
        "category": "010101",
        "content": f"人行道上占道经营，行人只能走机动车道。{marker}-{number:04d}",
        "address": ADDRESSES[number % len(ADDRESSES)],
        "caller_phone": f"139{number:08d}",
    }


@dataclass
class Filing:
    statuses: Counter = field(default_factory=Counter)
    ticket_ids: list[int] = field(default_factory=list)

    @property
    def created(self) -> int:
        return self.statuses[201]

    @property
    def failed(self) -> int:
        return sum(count for status, count in self.statuses.items() if not 200 <= status < 300)

    def describe(self) -> str:
        return ", ".join(f"HTTP {status}×{count}" for status, count in sorted(self.statuses.items()))


def ticket_file(base_url: str, *, token: str, payload: dict) -> tuple[int, int | None]:
    """POST one ticket with its own Idempotency-Key → (status, ticket id when answered)."""
    headers = {"Authorization": f"Token {token}", "Idempotency-Key": uuid.uuid4().hex}
    status, body = request_json("POST", f"{base_url}/api/v1/tickets/", body=payload, headers=headers)
    return status, (body or {}).get("id")


def tickets_file(base_url: str, *, token: str, marker: str, count: int, threads: int) -> Filing:
    """File ``count`` tickets from ``threads`` threads at once."""
    filing = Filing()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        calls = [
            pool.submit(ticket_file, base_url, token=token, payload=ticket_payload(marker=marker, number=n))
            for n in range(count)
        ]
        for call in calls:
            status, ticket_id = call.result()
            filing.statuses[status] += 1
            if ticket_id is not None:
                filing.ticket_ids.append(ticket_id)
    return filing
