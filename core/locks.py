"""One lock for periodic (beat) tasks: a run that finds another one going skips.

The lock is a cache key holding the run's own token, taken with ``cache.add`` (atomic on every
backend we use) and released by an atomic compare-and-delete, so that a run that outlived its lock
can never delete the lock of the run that took over. The cache is Redis wherever REDIS_URL is set
(always in production) and Django's local-memory cache otherwise (development and tests without
Redis); those are the two releases below, and any other backend is refused rather than raced."""

import pickle
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

# Deletes KEYS[1] only while it still holds ARGV[1]: Redis runs a script atomically.
_REDIS_RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""


def _release_redis(backend: RedisCache, key: str, token: str) -> bool:
    client = backend._cache.get_client(key, write=True)
    stored = backend._cache._serializer.dumps(token)  # the bytes ``cache.add`` wrote
    return bool(client.eval(_REDIS_RELEASE, 1, backend.make_and_validate_key(key), stored))


def _release_locmem(backend: LocMemCache, key: str, token: str) -> bool:
    # The local-memory cache guards its dictionary with one lock; holding it, nothing can take the
    # key between the comparison and the deletion.
    key = backend.make_and_validate_key(key)
    stored = pickle.dumps(token, backend.pickle_protocol)  # the bytes ``cache.add`` wrote
    with backend._lock:
        if backend._has_expired(key) or backend._cache[key] != stored:
            return False
        return backend._delete(key)


def _releaser(backend):
    if isinstance(backend, RedisCache):
        return _release_redis
    if isinstance(backend, LocMemCache):
        return _release_locmem
    raise ImproperlyConfigured(
        f"single_run needs the Redis or the local-memory cache, not {type(backend).__name__}"
    )


@contextmanager
def single_run(key: str, seconds: int) -> Iterator[bool]:
    """→ True while this run holds ``key``, False when another run holds it. The lock expires after
    ``seconds``, so a worker killed while holding it delays the next run by that much at most; it is
    released only by the run that took it (a run that outlived its lock leaves the next one's alone)."""
    backend = caches[DEFAULT_CACHE_ALIAS]
    release = _releaser(backend)
    token = uuid.uuid4().hex
    if not backend.add(key, token, timeout=seconds):
        yield False
        return
    try:
        yield True
    finally:
        release(backend, key, token)
