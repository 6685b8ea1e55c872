"""The beat-task lock, on the cache the settings give: Django's local-memory cache by default, Redis
when REDIS_URL is set (run this module once each way; see the first test)."""

import os
import time
import uuid

import pytest
from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured

from core.locks import single_run


@pytest.fixture
def key():
    key = f"test:single-run:{uuid.uuid4().hex}"
    yield key
    caches[DEFAULT_CACHE_ALIAS].delete(key)


@pytest.fixture
def backend():
    return caches[DEFAULT_CACHE_ALIAS]


def test_the_lock_runs_on_the_cache_the_environment_names(backend):
    assert isinstance(backend, RedisCache if os.environ.get("REDIS_URL") else LocMemCache)


def test_a_second_run_skips_while_the_first_holds_the_lock_and_runs_after(key):
    with single_run(key, 60) as first, single_run(key, 60) as second:
        assert (first, second) == (True, False)
    with single_run(key, 60) as third:
        assert third is True


def test_a_run_that_outlived_its_lock_leaves_the_next_runs_lock_alone(key, backend):
    first, next_run = single_run(key, 60), single_run(key, 60)
    assert first.__enter__()
    backend.delete(key)  # the first run's lock expires while it still works
    assert next_run.__enter__()
    first.__exit__(None, None, None)  # the first run ends while the next one holds the lock
    with single_run(key, 60) as third:
        assert third is False
    next_run.__exit__(None, None, None)
    with single_run(key, 60) as fourth:
        assert fourth is True


def test_the_release_is_one_step_even_when_the_lock_expires_between_a_check_and_a_delete(key, backend):
    """The old release read the key, compared, then deleted: a lock that expired and was taken by
    the next run between the read and the delete was deleted all the same. Reads of the key here
    make exactly that happen; the release must not depend on them."""
    taken_over = []
    real_get = backend.get

    def get_then_lose_the_lock(k, *args, **kwargs):
        value = real_get(k, *args, **kwargs)
        if k == key and not taken_over:
            backend.delete(key)
            taken_over.append(backend.add(key, "next run", timeout=60))
        return value

    backend.get = get_then_lose_the_lock
    try:
        with single_run(key, 60) as held:
            assert held
    finally:
        del backend.get
    assert backend.get(key) in (None, "next run")
    if taken_over:
        assert backend.get(key) == "next run"


def test_a_lock_left_by_a_killed_worker_expires_after_its_seconds(key):
    killed = single_run(key, 1)
    assert killed.__enter__()  # and never leaves: the worker died holding the lock
    with single_run(key, 1) as meanwhile:
        assert meanwhile is False
    time.sleep(1.2)
    with single_run(key, 1) as later:
        assert later is True


def test_another_cache_backend_is_refused_rather_than_raced(key, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    with pytest.raises(ImproperlyConfigured, match="DummyCache"), single_run(key, 60):
        pass
