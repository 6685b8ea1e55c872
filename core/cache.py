"""Django's Redis cache, keeping one client per connection pool.

Django's ``RedisCacheClient`` builds a new ``redis.Redis`` object for every cache call, and redis-py
builds its table of response callbacks in each: more CPU than the round trip itself, paid by every
lock, throttle, process-copy check and wake-up (a sixth of routing a ticket). A ``redis.Redis`` is
safe to share between threads (each command takes a connection from the pool), so one per pool is
kept and reused. Everything else is Django's."""

from django.core.cache.backends import redis as django_redis


class KeptClientRedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = KeptClientRedisCacheClient
