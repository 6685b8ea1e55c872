"""Settings for the test suite: the same database choice as the environment (SQLite by default,
PostgreSQL when DATABASE_URL says so), fast hashing, tasks run in-process."""

import os

from .base import *  # noqa: F403
from .base import CACHES, DATABASES, VAR_DIR

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "test-media"

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a real Celery worker started by a test can share it; one per
    # test process, so that two runs side by side do not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

# Counters (sign-in lockout, tracking limits) must not leak from one run into a run beside it or
# after it when the cache is a shared Redis.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"
# The token endpoint's throttle is tested with its own rate; other tests sign in freely.
API_TOKEN_THROTTLE_RATE = "1000/minute"  # noqa: S105 - a rate, not a secret
# Tests change users and memberships between calls: every call checks its token (the process's
# memory of checked tokens has tests of its own, which turn it on).
API_TOKEN_CACHE_SECONDS = 0
# Tests file tickets faster than a surge: routing never yields to them (its yielding is tested on
# its own, with the rate set).
DRAIN_YIELD_PER_SECOND = 0
