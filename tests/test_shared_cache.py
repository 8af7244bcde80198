"""REDIS_URL: the cache every worker and machine shares, and what a Redis that is down or hangs costs (a miss,
never a 500)."""

import logging
import os
import socket
import time
import uuid

import pytest
from django.core.cache import cache, caches

from config import cache as shared_cache

from .factories import make_aspiration, make_visit

pytestmark = pytest.mark.django_db

PAGES = ["/dashboard/", "/aspirations/", "/aspirations/?status=baru", "/map/aspirations.geojson", "/map/sectors.geojson"]


def closed_port():
    """A port on this machine nobody listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_at(url, **params):
    return {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": url, **params}}


@pytest.fixture(autouse=True)
def no_outage_known(monkeypatch):
    """Each test starts with a process that has seen no Redis fail."""
    monkeypatch.setattr(shared_cache, "outages", {})


@pytest.fixture
def redis_down(settings):
    settings.CACHES = redis_at(f"redis://127.0.0.1:{closed_port()}/0")


@pytest.fixture
def redis_hangs(settings):
    """A server that takes the connection and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        settings.CACHES = redis_at(f"redis://127.0.0.1:{server.getsockname()[1]}/0")
        yield


def warnings_of(caplog):
    return [record for record in caplog.records if record.name == "config.cache" and record.levelno == logging.WARNING]


class TestRedisDown:
    @pytest.mark.parametrize("path", PAGES)
    def test_a_humas_page_is_served_without_the_cache(self, redis_down, reviewer, officer, caplog, path):
        make_aspiration(make_visit(officer=officer))

        response = reviewer.get(path)

        assert response.status_code == 200
        [warning] = warnings_of(caplog)
        assert "cannot be reached" in warning.getMessage()

    def test_the_residents_status_page_answers_and_is_not_counted(self, redis_down, client, officer, settings):
        aspiration = make_aspiration(make_visit(officer=officer))
        settings.PUBLIC_STATUS_LOOKUPS = 1

        responses = [client.get(f"/cek/{aspiration.code}/") for _ in range(3)]

        assert [response.status_code for response in responses] == [200, 200, 200]

    def test_the_warning_is_written_once_a_minute_not_once_a_request(self, redis_down, reviewer, caplog, monkeypatch):
        now = time.monotonic()
        for offset in (0, 10, 30, 50, 61):
            monkeypatch.setattr(shared_cache, "monotonic", lambda offset=offset: now + offset)
            assert reviewer.get("/dashboard/").status_code == 200

        assert len(warnings_of(caplog)) == 2

    def test_the_password_in_the_url_is_not_logged(self, settings, caplog):
        settings.CACHES = redis_at(f"redis://:rahasia-sekali@127.0.0.1:{closed_port()}/3")

        assert cache.get("anything", "default") == "default"

        [warning] = warnings_of(caplog)
        assert "rahasia" not in warning.getMessage()
        assert "127.0.0.1" in warning.getMessage()

    def test_every_call_answers_as_an_empty_cache(self, redis_down):
        assert cache.get("key") is None
        assert cache.get("key", "default") == "default"
        assert cache.set("key", "value") is None
        assert cache.add("key", "value") is True
        assert cache.get_or_set("key", "computed") == "computed"
        assert cache.get_many(["key", "other"]) == {}
        assert cache.has_key("key") is False
        assert cache.touch("key") is False
        assert cache.delete("key") is False
        assert cache.set_many({"key": "value"}) == []
        assert cache.delete_many(["key"]) is None
        assert cache.clear() is False
        with pytest.raises(ValueError):
            cache.incr("key")


class TestRedisHangs:
    def test_it_costs_one_request_its_timeout_and_the_next_ones_nothing(self, redis_hangs, caplog):
        started = time.monotonic()
        assert cache.get("key", "default") == "default"
        first = time.monotonic() - started

        started = time.monotonic()
        for _ in range(20):
            assert cache.get("key", "default") == "default"
        next_ones = time.monotonic() - started

        # redis-py alone would wait 5 s for each.
        assert first < 2
        assert next_ones < 0.1
        assert len(warnings_of(caplog)) == 1

    def test_redis_is_asked_again_after_a_few_seconds(self, redis_down, monkeypatch):
        clock = [time.monotonic()]
        monkeypatch.setattr(shared_cache, "monotonic", lambda: clock[0])
        asked = []
        original = shared_cache.DjangoRedisCache.get

        def counting_get(*args, **kwargs):
            asked.append(1)
            return original(*args, **kwargs)

        monkeypatch.setattr(shared_cache.DjangoRedisCache, "get", counting_get)

        cache.get("key")
        cache.get("key")
        assert len(asked) == 1

        clock[0] += shared_cache.RETRY_AFTER
        cache.get("key")
        assert len(asked) == 2


REAL_REDIS = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REAL_REDIS, reason="REDIS_URL is not set: no Redis to share the cache through")
class TestRealRedis:
    """Against the Redis REDIS_URL names (CI: 127.0.0.1:6379/15, a database of its own that the tests empty)."""

    def test_the_cache_is_redis(self):
        assert isinstance(caches["default"], shared_cache.RedisCache)

    def test_two_workers_share_what_either_keeps(self):
        # Two cache objects, each with its own connections, as two gunicorn workers have.
        one, other = caches.create_connection("default"), caches.create_connection("default")
        key = f"shared-{uuid.uuid4()}"

        one.set(key, {"figures": [1, 2, 3]}, timeout=30)

        assert other.get(key) == {"figures": [1, 2, 3]}
        other.delete(key)
        assert one.get(key) is None

    def test_a_counter_is_counted_once_across_workers(self):
        one, other = caches.create_connection("default"), caches.create_connection("default")
        key = f"counter-{uuid.uuid4()}"
        one.add(key, 0, timeout=30)

        one.incr(key)
        other.incr(key)

        assert one.get(key) == 2

    def test_a_key_expires(self):
        key = f"brief-{uuid.uuid4()}"
        cache.set(key, "value", timeout=1)
        assert cache.get(key) == "value"

        time.sleep(1.2)

        assert cache.get(key) is None

    def test_another_installation_with_its_own_prefix_does_not_see_it(self, settings):
        key = f"prefixed-{uuid.uuid4()}"
        cache.set(key, "ours", timeout=30)
        ours = settings.CACHES["default"]

        settings.CACHES = redis_at(ours["LOCATION"], KEY_PREFIX="another-polres")

        assert caches["default"].get(key) is None
