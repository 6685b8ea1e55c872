"""Settings shared by every environment. Everything that differs between machines comes from the
environment (or a ``.env`` file beside ``manage.py``), read through django-environ
(``config.settings.environment``). The platform's wiring is here; the settings of single domains
(intake, routing, Open311, SMS) are in ``config.settings.domains``."""

from datetime import timedelta
from pathlib import Path

from config.scale_out import replica_database, uploads_storage
from config.settings.domains import *  # noqa: F403 - intake, routing, Open311, SMS
from config.settings.environment import BASE_DIR, env

# Runtime state of the embedded default (SQLite file, broker queue, beat schedule, uploads).
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "core",
    "core.outbox",
    "units",
    "accounts",
    "health",
    "hotline",
    "knowledge",
    "open311",
    "notifications",
    "sms",
    "dispatch",
    "streets",
    "departments",
    "metrics",
    "bulletins",
    "fieldreports",
    "citizenreports",
    "supervision",
    "governance",
    "console",
    "benchmarks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "config.content_security_policy.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.interface_language.InterfaceLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.session_timeout.SessionTimeoutMiddleware",
    "core.replica_middleware.ReplicaReadsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a Celery worker writes; the timeout absorbs short locks.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# DATABASE_REPLICA_URL: a PostgreSQL hot standby read by the GET pages of these URL namespaces
# (core.db_router, core.replica_middleware); unset, they read from default like everything else.
if replica := replica_database(env, default=DATABASES["default"]):
    DATABASES["replica"] = replica
DATABASE_ROUTERS = ["core.db_router.ReplicaRouter"]
DATABASE_REPLICA_NAMESPACES = env.list("DATABASE_REPLICA_NAMESPACES", default=["metrics"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sign-in through every door (page, admin, API token) counts failures per username and client.
AUTHENTICATION_BACKENDS = ["accounts.backends.LockoutModelBackend"]
LOGIN_LOCKOUT_FAILURES = env.int("LOGIN_LOCKOUT_FAILURES", default=10)
LOGIN_LOCKOUT_WINDOW_SECONDS = env.int("LOGIN_LOCKOUT_WINDOW_SECONDS", default=900)
LOGIN_LOCKOUT_COOLDOWN_SECONDS = env.int("LOGIN_LOCKOUT_COOLDOWN_SECONDS", default=900)
# API tokens expire; obtaining one after that gives a new one. The token endpoint is throttled per
# client besides the lockout (DRF rate syntax: "20/minute").
API_TOKEN_TTL_HOURS = env.int("API_TOKEN_TTL_HOURS", default=12)
API_TOKEN_THROTTLE_RATE = env.str("API_TOKEN_THROTTLE_RATE", default="20/minute")
# How long a process trusts a token it has checked, with its user and memberships (accounts.api_tokens):
# a change made elsewhere (token replaced, user deactivated, membership ended) reaches it this late.
# 0 checks on every call.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=5)
# A session ends this long after sign-in, or after this many idle minutes, whichever comes first.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_IDLE_TIMEOUT_MINUTES = env.int("DJANGO_SESSION_IDLE_TIMEOUT_MINUTES", default=30)
# Which request header carries the client address set by our own reverse proxies (Django's META
# name, e.g. "HTTP_X_FORWARDED_FOR"), and how many of them stand in front; empty: REMOTE_ADDR.
# See config/client_limits.py.
TRUSTED_PROXY_HEADER = env.str("TRUSTED_PROXY_HEADER", default="")
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=1)

# --- Transport security and Content-Security-Policy -----------------------------------------
# Off here (the embedded default runs over plain HTTP); production.py turns them on.
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Health checks come over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Pages load scripts and styles from our own static files only (no inline code or style
# attributes; JSON data travels in json_script blocks, which are not executed). Set through
# config/content_security_policy.py; empty turns the header off.
CONTENT_SECURITY_POLICY = env.str(
    "DJANGO_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
        "form-action 'self'; frame-ancestors 'none'"
    ),
)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# FILE_STORAGE: "filesystem" (default), "s3" or a storage class's path (config/scale_out.py).
STORAGES = {
    "default": uploads_storage(env),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploads are never served from MEDIA_URL: only through views that check who may see them
# (uploads.serving). "" streams them from Django (any storage); "nginx" answers with X-Accel-Redirect
# into an internal location at PROTECTED_MEDIA_INTERNAL_PREFIX; "apache" with X-Sendfile
# (mod_xsendfile). Those two only for files on disk.
PROTECTED_MEDIA_SERVER = env.str("PROTECTED_MEDIA_SERVER", default="")
PROTECTED_MEDIA_INTERNAL_PREFIX = env.str("PROTECTED_MEDIA_INTERNAL_PREFIX", default="/protected-media/")
# How long the viewer's own browser may keep a file it was allowed to see (never shared caches).
PROTECTED_MEDIA_MAX_AGE = env.int("PROTECTED_MEDIA_MAX_AGE", default=3600)

REDIS_URL = env.str("REDIS_URL", default="")

CACHES = {
    "default": (
        {"BACKEND": "core.cache.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Celery -------------------------------------------------------------------------------------
# With REDIS_URL the broker is Redis. Without it, kombu's filesystem transport: a real broker that
# needs no server, so the embedded default runs a real worker and beat (not eager mode).
BROKER_DIR = VAR_DIR / "broker"
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    # acks_late: a message a worker took and never acknowledged (killed) goes back to the queue
    # after the visibility timeout. Longer than any task may run (else a slow task would run
    # twice), not much longer (else a killed worker's tasks wait that long; the outbox relay
    # usually republishes them sooner anyway).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": CELERY_TASK_TIME_LIMIT + env.int("CELERY_VISIBILITY_MARGIN_SECONDS", default=60)
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "store_processed": False,
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True

# --- Outbox (core.outbox): work recorded in the transaction that needs it, published after commit.
# A published row not done after the lease is published again (then after 2×, 4× … the lease, up
# to the ceiling). The lease outlasts a burst's queue (a few hundred routings) so that a busy
# worker is not sent duplicates; a killed worker's tickets are routed within lease + relay interval.
OUTBOX_LEASE_SECONDS = env.int("OUTBOX_LEASE_SECONDS", default=90)
OUTBOX_MAX_RETRY_DELAY_SECONDS = env.int("OUTBOX_MAX_RETRY_DELAY_SECONDS", default=3600)
OUTBOX_RELAY_SECONDS = env.int("OUTBOX_RELAY_SECONDS", default=30)
OUTBOX_RELAY_BATCH = env.int("OUTBOX_RELAY_BATCH", default=500)
OUTBOX_KEEP_DONE_DAYS = env.int("OUTBOX_KEEP_DONE_DAYS", default=7)
# Drained tasks (core.outbox.drain): a drain claims OUTBOX_DRAIN_BATCH rows at a time; a row whose
# run failed is due again after OUTBOX_DRAIN_RETRY_SECONDS.
OUTBOX_DRAIN_BATCH = env.int("OUTBOX_DRAIN_BATCH", default=50)
OUTBOX_DRAIN_RETRY_SECONDS = env.int("OUTBOX_DRAIN_RETRY_SECONDS", default=5)

# --- Drains (core.wake): work recorded in a table, run by a worker in batches. A commit that records
# some wakes the drain to run DRAIN_WINDOW_SECONDS later, unless a wake-up is pending (at most one
# per DRAIN_WAKE_SECONDS while a drain is on its way or busy). A drain yields while its rows arrive
# faster than DRAIN_YIELD_PER_SECOND (a surge of calls: intake gets the CPU first), looking again
# every DRAIN_YIELD_STEP_SECONDS, until the oldest waiting row is DRAIN_YIELD_MAX_SECONDS old. 50 a
# second is about 20 times the rate of Beijing's busiest hour (65,000 calls a day); 0 never yields.
DRAIN_WINDOW_SECONDS = env.float("DRAIN_WINDOW_SECONDS", default=1.0)
DRAIN_WAKE_SECONDS = env.int("DRAIN_WAKE_SECONDS", default=2)
DRAIN_YIELD_PER_SECOND = env.int("DRAIN_YIELD_PER_SECOND", default=50)
DRAIN_YIELD_STEP_SECONDS = env.int("DRAIN_YIELD_STEP_SECONDS", default=1)
DRAIN_YIELD_MAX_SECONDS = env.int("DRAIN_YIELD_MAX_SECONDS", default=30)

# How often the live month's ranking figures and the monthly volumes are computed (metrics.tasks).
METRICS_LIVE_FIGURES_MINUTES = env.int("METRICS_LIVE_FIGURES_MINUTES", default=10)

HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
# When each bulletin is generated (local time): the daily one for yesterday at BULLETINS_AT, the
# weekly one for last week on BULLETINS_WEEKLY_WEEKDAY (0 = Monday), the monthly one for last month
# on day BULLETINS_MONTHLY_DAY (from the frozen ranking). A missing period within the catch-up
# window (periods back) is generated on the next run.
BULLETINS_AT = env.str("BULLETINS_AT", default="07:00")
BULLETINS_WEEKLY_WEEKDAY = env.int("BULLETINS_WEEKLY_WEEKDAY", default=0)
BULLETINS_MONTHLY_DAY = env.int("BULLETINS_MONTHLY_DAY", default=2)
BULLETINS_CATCH_UP = {"day": 7, "week": 4, "month": 2}
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "health.tasks.record_heartbeat",
        "schedule": timedelta(seconds=HEARTBEAT_SECONDS),
        "options": {"expires": HEARTBEAT_SECONDS},
    },
    # Publishes again the outbox rows whose publish failed or whose task has not reported done
    # within the lease (see core.outbox).
    "relay-outbox": {
        "task": "outbox.relay",
        "schedule": timedelta(seconds=OUTBOX_RELAY_SECONDS),
        "options": {"expires": OUTBOX_RELAY_SECONDS},
    },
    "enforce-deadlines": {
        "task": "dispatch.enforce_deadlines",
        "schedule": timedelta(seconds=env.int("ENFORCE_DEADLINES_SECONDS", default=60)),
        "options": {"expires": 55},
    },
    "enforce-supervision": {
        "task": "supervision.enforce_supervision",
        "schedule": timedelta(seconds=env.int("ENFORCE_SUPERVISION_SECONDS", default=300)),
        "options": {"expires": 295},
    },
    "enforce-arrivals": {
        "task": "streets.enforce_arrivals",
        "schedule": timedelta(seconds=env.int("ENFORCE_ARRIVALS_SECONDS", default=60)),
        "options": {"expires": 55},
    },
    # Freezes last month's rankings once; the hourly runs after that find the snapshots and do
    # nothing. Hourly, not daily: beat counts an interval from its own start, so a daily interval
    # would wait a whole day of uptime after every restart before catching up.
    "freeze-rankings": {
        "task": "metrics.freeze_last_month",
        "schedule": timedelta(minutes=env.int("FREEZE_RANKINGS_MINUTES", default=60)),
        "options": {"expires": 3000},
    },
    # The leaders' pages read a month not frozen yet from the figures this task computes (metrics.
    # LiveFigures, MonthlyVolume): pages show "figures as of HH:MM", never compute on a request.
    "refresh-live-figures": {
        "task": "metrics.refresh_live_figures",
        "schedule": timedelta(minutes=METRICS_LIVE_FIGURES_MINUTES),
        "options": {"expires": METRICS_LIVE_FIGURES_MINUTES * 60},
    },
    # Generates the bulletins that are due and missing (bulletins.schedule): each run finds what the
    # schedule below makes due, so a worker down for a day catches up on its next run.
    "generate-bulletins": {
        "task": "bulletins.generate_due",
        "schedule": timedelta(minutes=env.int("BULLETINS_CHECK_MINUTES", default=15)),
        "options": {"expires": 14 * 60},
    },
    # Pending SMS whose sending task was lost get a new one (sms.sweep).
    "sweep-sms": {
        "task": "sms.sweep",
        "schedule": timedelta(seconds=env.int("SMS_SWEEP_SECONDS", default=60)),
        "options": {"expires": 55},
    },
}

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes failed or missing credentials answer 401
    # (an expired token must say so), where the session's would answer 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.api_tokens.ExpiringTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.PageNumberPagination",
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DATETIME_FORMAT": "iso-8601",
}

# Lists count their rows exactly up to this many and show "1,000+" past it (core.pagination): a
# page never counts a month's millions of tickets.
LIST_COUNT_CAP = env.int("LIST_COUNT_CAP", default=1000)

# --- Bounds on what users send (api.parsers, api.bounds) ----------------------------------------
# JSON request bodies: larger ones answer 413, more deeply nested ones 400.
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1024 * 1024)
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
# Dates, months and moments from users lie within this many years of today.
INPUT_DATE_WINDOW_YEARS = env.int("INPUT_DATE_WINDOW_YEARS", default=10)
# A deadline policy's limits: in minutes or hours at most this many minutes, in days at most this
# many days.
DEADLINE_POLICY_MAX_MINUTES = env.int("DEADLINE_POLICY_MAX_MINUTES", default=30 * 24 * 60)
DEADLINE_POLICY_MAX_DAYS = env.int("DEADLINE_POLICY_MAX_DAYS", default=60)

SPECTACULAR_SETTINGS = {
    "TITLE": "12345 市民服务热线 API",
    "DESCRIPTION": "接诉即办 platform API: units, accounts, tickets, dispatch, whistles, metrics.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No call to the public validator service: intranets have no internet.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "ENUM_NAME_OVERRIDES": {
        "TierEnum": "hotline.models.reference.Tier",
        "ClosingDispositionEnum": "hotline.models.ticket.CLOSING_DISPOSITIONS",
        "TicketStatusEnum": "hotline.models.ticket.Ticket.Status",
        "AssignmentStatusEnum": "dispatch.models.Assignment.Status",
        "WhistleStatusEnum": "streets.models.Whistle.Status",
        "SummonsStatusEnum": "streets.models.Summons.Status",
        "UnitKindEnum": "units.models.Unit.Kind",
        "SupervisionStatusEnum": "supervision.models.SupervisionOrder.Status",
        "SupervisionLevelEnum": "supervision.models.Level",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
