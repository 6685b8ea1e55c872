"""Default whistle domains and arrival limits, loaded by migration (and again by
``load_whistle_defaults``; existing rows, as a city may have edited them, are left alone).

Arrival limits count natural time from the whistle, effective from 2020-01-01 (Asia/Shanghai):

| urgency   | acknowledge | arrive on site |
|-----------|-------------|----------------|
| emergency | 10 minutes  | 30 minutes (the original Pinggu rule for enforcement whistles) |
| urgent    | 30 minutes  | 2 hours        |
| routine   | 2 hours     | 2 days (48 hours: non-urgent whistles allow days) |

The functions take the model classes so that the data migration can pass its historical models."""

from datetime import datetime
from zoneinfo import ZoneInfo

START = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
DOMAINS = [
    ("citizen_requests", "群众诉求"),
    ("key_work", "重点工作"),
    ("joint_enforcement", "综合执法"),
    ("emergency", "应急处置"),
]
ARRIVAL_MINUTES = {"emergency": (10, 30), "urgent": (30, 120), "routine": (120, 2880)}


def domains_load(WhistleDomain) -> int:
    created = 0
    for order, (code, name) in enumerate(DOMAINS):
        created += WhistleDomain.objects.get_or_create(code=code, defaults={"name": name, "order": order})[1]
    return created


def arrival_policies_load(ArrivalPolicy) -> int:
    created = 0
    for urgency, (acknowledge, arrive) in ARRIVAL_MINUTES.items():
        created += ArrivalPolicy.objects.get_or_create(
            domain=None,
            urgency=urgency,
            effective_from=START,
            defaults={"acknowledge_minutes": acknowledge, "arrive_minutes": arrive, "note": "default"},
        )[1]
    return created
