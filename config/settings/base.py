"""Settings shared by every environment. Everything that differs between machines comes from the
environment (or a ``.env`` file beside ``manage.py``), read through django-environ."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

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
    "units",
    "accounts",
    "health",
    "hotline",
    "knowledge",
    "open311",
    "notifications",
    "dispatch",
    "streets",
    "departments",
    "metrics",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
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
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REDIS_URL = env.str("REDIS_URL", default="")

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Celery -------------------------------------------------------------------------------------
# With REDIS_URL the broker is Redis. Without it, kombu's filesystem transport: a real broker that
# needs no server, so the embedded default runs a real worker and beat (not eager mode).
BROKER_DIR = VAR_DIR / "broker"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
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
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True

HEARTBEAT_SECONDS = env.int("HEARTBEAT_SECONDS", default=30)
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "health.tasks.record_heartbeat",
        "schedule": timedelta(seconds=HEARTBEAT_SECONDS),
        "options": {"expires": HEARTBEAT_SECONDS},
    },
    "enforce-deadlines": {
        "task": "dispatch.enforce_deadlines",
        "schedule": timedelta(seconds=env.int("ENFORCE_DEADLINES_SECONDS", default=60)),
        "options": {"expires": 55},
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
}

# --- API ----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
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
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# --- Hotline intake -----------------------------------------------------------------------------
HOTLINE_ATTACHMENT_MAX_MB = {"image": 10, "audio": 20, "document": 10}
HOTLINE_ATTACHMENT_MAX_COUNT = 10
HOTLINE_CONTENT_MAX_CHARS = 4000
# Duplicate candidates shown at intake (并单).
HOTLINE_DUPLICATE_PHONE_DAYS = env.int("HOTLINE_DUPLICATE_PHONE_DAYS", default=30)
HOTLINE_DUPLICATE_PLACE_DAYS = env.int("HOTLINE_DUPLICATE_PLACE_DAYS", default=7)
HOTLINE_DUPLICATE_RADIUS_M = env.int("HOTLINE_DUPLICATE_RADIUS_M", default=200)
HOTLINE_DUPLICATE_TEXT_SIMILARITY = env.float("HOTLINE_DUPLICATE_TEXT_SIMILARITY", default=0.5)
# Public tracking: failed look-ups allowed per client address in the window before refusing.
HOTLINE_TRACKING_MAX_FAILURES = env.int("HOTLINE_TRACKING_MAX_FAILURES", default=10)
HOTLINE_TRACKING_WINDOW_SECONDS = env.int("HOTLINE_TRACKING_WINDOW_SECONDS", default=900)
HOTLINE_CALLBACK_LINK_DAYS = env.int("HOTLINE_CALLBACK_LINK_DAYS", default=7)

# --- Routing ------------------------------------------------------------------------------------
# A routing decision at least this sure is dispatched at once; below it, a dispatcher decides.
ROUTING_AUTO_DISPATCH_CONFIDENCE = env.float("ROUTING_AUTO_DISPATCH_CONFIDENCE", default=0.8)
