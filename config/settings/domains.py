"""Settings of single domains, shared by every environment (``config.settings.base`` takes them
all): hotline intake, routing, Open311 and SMS to citizens."""

from config.settings.environment import env

# --- Hotline intake -----------------------------------------------------------------------------
HOTLINE_ATTACHMENT_MAX_MB = {"image": 10, "audio": 20, "document": 10}
HOTLINE_ATTACHMENT_MAX_COUNT = 10
# Photos a unit may send with one reply (before and after handling together).
HOTLINE_REPLY_PHOTO_MAX_COUNT = 9
HOTLINE_CONTENT_MAX_CHARS = 4000
# Duplicate candidates shown at intake (并单).
HOTLINE_DUPLICATE_PHONE_DAYS = env.int("HOTLINE_DUPLICATE_PHONE_DAYS", default=30)
HOTLINE_DUPLICATE_PLACE_DAYS = env.int("HOTLINE_DUPLICATE_PLACE_DAYS", default=7)
HOTLINE_DUPLICATE_RADIUS_M = env.int("HOTLINE_DUPLICATE_RADIUS_M", default=200)
HOTLINE_DUPLICATE_TEXT_SIMILARITY = env.float("HOTLINE_DUPLICATE_TEXT_SIMILARITY", default=0.5)
# Public tracking: failed look-ups allowed in the window before refusing, per ticket number and
# client address, and per client address over all numbers.
HOTLINE_TRACKING_MAX_FAILURES = env.int("HOTLINE_TRACKING_MAX_FAILURES", default=10)
HOTLINE_TRACKING_CLIENT_MAX_FAILURES = env.int("HOTLINE_TRACKING_CLIENT_MAX_FAILURES", default=30)
HOTLINE_TRACKING_WINDOW_SECONDS = env.int("HOTLINE_TRACKING_WINDOW_SECONDS", default=900)
HOTLINE_CALLBACK_LINK_DAYS = env.int("HOTLINE_CALLBACK_LINK_DAYS", default=7)

# --- Citizens' own reports (the public form, citizenreports) ------------------------------------
# The SMS code: minutes it lives, and wrong tries before it dies. The limits per phone and per
# address are policy rows (citizenreports.RateLimitPolicy).
CITIZEN_CODE_LIFETIME_MINUTES = env.int("CITIZEN_CODE_LIFETIME_MINUTES", default=10)
CITIZEN_CODE_MAX_ATTEMPTS = env.int("CITIZEN_CODE_MAX_ATTEMPTS", default=5)
# Photos with one report, and the size of each (a phone's photo is a few MB).
CITIZEN_PHOTO_MAX_COUNT = 3
CITIZEN_PHOTO_MAX_MB = 5

# --- Routing ------------------------------------------------------------------------------------
# A routing decision at least this sure is dispatched at once; below it, a dispatcher decides.
ROUTING_AUTO_DISPATCH_CONFIDENCE = env.float("ROUTING_AUTO_DISPATCH_CONFIDENCE", default=0.8)
# A pending ticket with no routing decision this long after it was filed is shown to dispatchers
# as stranded (routing failed or is late).
ROUTING_LATE_AFTER_SECONDS = env.int("ROUTING_LATE_AFTER_SECONDS", default=120)

# --- Open311 ------------------------------------------------------------------------------------
# GET requests: rows per page when page_size is not given, and the most a page may hold.
OPEN311_PAGE_SIZE_DEFAULT = env.int("OPEN311_PAGE_SIZE_DEFAULT", default=50)
OPEN311_PAGE_SIZE_MAX = env.int("OPEN311_PAGE_SIZE_MAX", default=100)
# Decimal places of the coordinates the public sees: 2 ≈ 1 km (street level), 3 ≈ 100 m (a compound).
OPEN311_PUBLIC_COORDINATE_DECIMALS = env.int("OPEN311_PUBLIC_COORDINATE_DECIMALS", default=2)

# --- SMS to citizens (README "SMS") -----------------------------------------------------------
# Where citizens reach this site: the tracking and callback links in messages are built on it.
PUBLIC_BASE_URL = env.str("PUBLIC_BASE_URL", default="http://localhost:8000")
# The sender: sms.gateways.log.LogGateway (writes to the log) or sms.gateways.http.HttpGateway.
SMS_GATEWAY = env.str("SMS_GATEWAY", default="sms.gateways.log.LogGateway")
SMS_SIGN = env.str("SMS_SIGN", default="北京12345")  # the provider-registered signature 【…】
SMS_LANGUAGE = env.str("SMS_LANGUAGE", default="zh-hans")  # which templates are used
SMS_RESULT_MAX_CHARS = env.int("SMS_RESULT_MAX_CHARS", default=200)  # the unit's result in a reply SMS
SMS_MAX_ATTEMPTS = env.int("SMS_MAX_ATTEMPTS", default=5)
SMS_RETRY_BACKOFF_SECONDS = env.int("SMS_RETRY_BACKOFF_SECONDS", default=30)  # doubles per failure
SMS_RETRY_BACKOFF_MAX_SECONDS = env.int("SMS_RETRY_BACKOFF_MAX_SECONDS", default=1800)
# A send in progress longer than this is taken for a dead worker's; longer than any HTTP timeout.
SMS_SEND_LEASE_SECONDS = env.int("SMS_SEND_LEASE_SECONDS", default=300)
# The sweep re-queues pending messages this long past their due attempt, at most a batch per run.
SMS_SWEEP_GRACE_SECONDS = env.int("SMS_SWEEP_GRACE_SECONDS", default=120)
SMS_SWEEP_BATCH = env.int("SMS_SWEEP_BATCH", default=200)
# The SMS drain (sms.tasks, core.wake) claims SMS_DRAIN_BATCH messages at a time and records the sent
# ones together (a worker killed mid-batch leaves at most that many to be sent again after the lease).
SMS_DRAIN_BATCH = env.int("SMS_DRAIN_BATCH", default=50)
SMS_HTTP = {
    "URL": env.str("SMS_HTTP_URL", default=""),
    "METHOD": env.str("SMS_HTTP_METHOD", default="POST"),
    "BODY_FORMAT": env.str("SMS_HTTP_BODY_FORMAT", default="json"),  # json | form
    "BODY_TEMPLATE": env.json(
        "SMS_HTTP_BODY_TEMPLATE",
        default={
            "account": "{access_key}",
            "password": "{access_secret}",
            "phone": "{phone}",
            "msg": "【{sign}】{text}",
            "uid": "{message_id}",
        },
    ),
    "HEADERS": env.json("SMS_HTTP_HEADERS", default={}),
    "USERNAME": env.str("SMS_HTTP_USERNAME", default=""),  # basic auth, if the provider uses it
    "PASSWORD": env.str("SMS_HTTP_PASSWORD", default=""),
    "ACCESS_KEY": env.str("SMS_HTTP_ACCESS_KEY", default=""),
    "ACCESS_SECRET": env.str("SMS_HTTP_ACCESS_SECRET", default=""),
    "SUCCESS_PATH": env.str("SMS_HTTP_SUCCESS_PATH", default="code"),
    "SUCCESS_VALUE": env.str("SMS_HTTP_SUCCESS_VALUE", default="0"),
    "PROVIDER_ID_PATH": env.str("SMS_HTTP_PROVIDER_ID_PATH", default="msgId"),
    "TIMEOUT_SECONDS": env.float("SMS_HTTP_TIMEOUT_SECONDS", default=10),
}

# What ``from config.settings.domains import *`` takes: the settings, not ``env``.
__all__ = [name for name in globals() if name.isupper()]
