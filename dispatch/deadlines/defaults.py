"""The default deadline policy, effective from 2020-01-01 (Asia/Shanghai).

Reply limits follow the Beijing hotline standard as reported: 2 hours (T1, emergencies), 24 hours
(T2, utility outages), 7 working days (T3, ordinary), 15 working days (T4, complex). Sign-for and
first contact are this project's defaults (Pinggu-style: urgent matters at once):
T1 sign 15 min / contact 30 min; T2 30 min / 2 h; T3 2 h / 24 h; T4 2 h / 24 h.
Warning at 75 % of the time; one extension for T3 and T4, none for T1 and T2.
A city changes them by adding rows with a later effective date (new clocks only)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from dispatch.models import DeadlinePolicy

U = DeadlinePolicy.Unit
START = datetime(2020, 1, 1, tzinfo=ZoneInfo("Asia/Shanghai"))
DEFAULTS = {
    "T1": {
        "sign_minutes": 15,
        "contact_minutes": 30,
        "reply_amount": 2,
        "reply_unit": U.HOURS,
        "max_extensions": 0,
    },
    "T2": {
        "sign_minutes": 30,
        "contact_minutes": 120,
        "reply_amount": 24,
        "reply_unit": U.HOURS,
        "max_extensions": 0,
    },
    "T3": {
        "sign_minutes": 120,
        "contact_minutes": 1440,
        "reply_amount": 7,
        "reply_unit": U.WORKING_DAYS,
        "max_extensions": 1,
    },
    "T4": {
        "sign_minutes": 120,
        "contact_minutes": 1440,
        "reply_amount": 15,
        "reply_unit": U.WORKING_DAYS,
        "max_extensions": 1,
    },
}


@transaction.atomic
def deadline_policies_load() -> int:
    """→ rows created; existing rows (as a city may have edited them) are left alone."""
    created = 0
    for tier, values in DEFAULTS.items():
        _policy, made = DeadlinePolicy.objects.get_or_create(
            tier=tier, effective_from=START, defaults={**values, "warning_ratio": 0.75, "note": "default"}
        )
        created += made
    return created
