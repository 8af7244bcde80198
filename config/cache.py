"""Django's Redis cache, turned into no cache at all while Redis cannot be reached.

The cache only ever spares work: a Redis that is down or hangs must cost a page its speed, not
answer it with a 500. Every call that fails to reach Redis answers as Django's DummyCache would (a miss,
nothing stored) and the failure is logged, at most once a minute per process. After a failure the process
leaves Redis alone for a few seconds, so that a Redis that hangs costs one request its timeout, not every
request the timeout of each of its calls.
"""

import logging
from dataclasses import dataclass
from time import monotonic
from urllib.parse import urlsplit

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from redis import exceptions

logger = logging.getLogger(__name__)

UNREACHABLE = (exceptions.ConnectionError, exceptions.TimeoutError)
# Redis answers on a network in well under a millisecond; redis-py would wait 5 s.
CONNECT_TIMEOUT = 0.25
READ_TIMEOUT = 0.5
RETRY_AFTER = 5
WARN_EVERY = 60


@dataclass
class Outage:
    """What one process knows of a Redis failing; shared by the cache objects of its threads (one per thread)."""

    down: bool = False
    retry_at: float = 0.0
    warned_at: float | None = None
    failures: int = 0


outages = {}


def where(servers):
    """Host, port and database of the servers, without the password a URL may hold."""
    parts = [urlsplit(server) for server in servers]
    return ", ".join(
        f"{part.hostname}:{part.port or 6379}{part.path}" if part.hostname else part.path for part in parts
    )


class RedisCache(DjangoRedisCache):
    def __init__(self, server, params):
        timeouts = {"socket_connect_timeout": CONNECT_TIMEOUT, "socket_timeout": READ_TIMEOUT}
        options = {**timeouts, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._location = where(self._servers)
        self._outage = outages.setdefault(self._location, Outage())

    def _call(self, fallback, method, *args, **kwargs):
        outage, now = self._outage, monotonic()
        if outage.down and now < outage.retry_at:
            return fallback
        try:
            value = method(*args, **kwargs)
        except UNREACHABLE as error:
            self._failed(outage, error, now)
            return fallback
        if outage.down:
            outage.down = False
            logger.info("Redis at %s answers again.", self._location)
        return value

    def _failed(self, outage, error, now):
        outage.down, outage.retry_at = True, now + RETRY_AFTER
        outage.failures += 1
        if outage.warned_at is None or now - outage.warned_at >= WARN_EVERY:
            logger.warning(
                "Redis at %s cannot be reached (%s): pages are served without the cache "
                "(%d failed calls since the last warning; logged at most once a minute).",
                self._location,
                error,
                outage.failures,
            )
            outage.warned_at, outage.failures = now, 0

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(True, super().add, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(default, super().get, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(None, super().set, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, super().touch, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(False, super().delete, key, version)

    def get_many(self, keys, version=None):
        return self._call({}, super().get_many, keys, version)

    def has_key(self, key, version=None):
        return self._call(False, super().has_key, key, version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._call(missing, super().incr, key, delta, version)
        if value is missing:
            # As for a key that is not there: an empty cache holds none. While Redis is down, the lookups
            # of /cek/ go uncounted (SECURITY.md): residents keep their page.
            raise ValueError(f"Key '{key}' not found.")
        return value

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call([], super().set_many, data, timeout, version)

    def delete_many(self, keys, version=None):
        return self._call(None, super().delete_many, keys, version)

    def clear(self):
        return self._call(False, super().clear)
