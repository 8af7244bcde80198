"""The settings module read in fresh interpreters with a given environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore

from accounts.sessions import SessionStore

ROOT = Path(__file__).resolve().parents[1]
FROM_OUTSIDE = {
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "REDIS_URL", "CACHE_KEY_PREFIX",
    "DB_RANDOM_PAGE_COST",
}
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-tests-only-" + "x7Qz9wPm4R" * 5,
    "ALLOWED_HOSTS": "patroli.example.id",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if k not in FROM_OUTSIDE}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def setting(name, **env):
    result = manage("shell", "-c", f"from django.conf import settings; print(repr(settings.{name}))", **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_passes_the_deployment_checklist():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_needs_a_secret_key():
    result = manage("check", DEBUG="0", ALLOWED_HOSTS="patroli.example.id")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_needs_allowed_hosts():
    result = manage("check", DEBUG="0", SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_a_security_setting_can_be_turned_off_by_its_own_name():
    assert setting("SECURE_SSL_REDIRECT", **PRODUCTION) == "True"
    assert setting("SECURE_SSL_REDIRECT", SECURE_SSL_REDIRECT="0", **PRODUCTION) == "False"


def test_a_nonsense_boolean_is_refused():
    result = manage("check", DEBUG="perhaps")
    assert result.returncode != 0
    assert "DEBUG must be" in result.stderr


@pytest.mark.parametrize(
    "url, engine",
    [
        ("postgres://postgres@127.0.0.1:5432/patroli", "'django.db.backends.postgresql'"),
        ("sqlite:////tmp/patroli.sqlite3", "'django.db.backends.sqlite3'"),
        # Set but empty, as `DATABASE_URL= make test` does: the development database.
        ("", "'django.db.backends.sqlite3'"),
    ],
)
def test_database_url_picks_the_database(url, engine):
    assert setting('DATABASES["default"]["ENGINE"]', DATABASE_URL=url) == engine


def test_development_defaults():
    assert setting("LANGUAGE_CODE") == "'id'"
    assert setting("TIME_ZONE") == "'Asia/Makassar'"
    assert setting("DATABASES['default']['NAME']").endswith("var/db.sqlite3'")




def test_late_reports_are_taken_for_a_week_unless_set():
    assert setting("LATE_REPORT_DAYS") == "7"
    assert setting("LATE_REPORT_DAYS", LATE_REPORT_DAYS="14") == "14"


def test_production_sends_cookies_over_https_only_and_asks_for_hsts():
    names = ["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SESSION_COOKIE_HTTPONLY", "SECURE_HSTS_SECONDS",
             "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_AGE"]
    values = ", ".join(f"settings.{name}" for name in names)
    result = manage("shell", "-c", f"from django.conf import settings; print([{values}])", **PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "[True, True, True, 31536000, True, 43200]"


def test_the_cache_is_local_memory_unless_redis_url_is_set():
    assert setting('CACHES["default"]["BACKEND"]') == "'django.core.cache.backends.locmem.LocMemCache'"


def test_redis_url_switches_the_cache_to_redis_with_a_prefix_of_its_own():
    redis = {"REDIS_URL": "redis://cache.internal:6379/2"}
    assert setting('CACHES["default"]["BACKEND"]', **redis) == "'config.cache.RedisCache'"
    assert setting('CACHES["default"]["LOCATION"]', **redis) == "'redis://cache.internal:6379/2'"
    assert setting('CACHES["default"]["KEY_PREFIX"]', **redis) == "'patroli'"
    assert setting('CACHES["default"]["KEY_PREFIX"]', CACHE_KEY_PREFIX="polres-ksb", **redis) == "'polres-ksb'"
    # Sessions stay in the database (Django's store, read by accounts.sessions): a Redis that is down must not log
    # everyone out.
    assert setting("SESSION_ENGINE", **redis) == "'accounts.sessions'"
    assert issubclass(SessionStore, DatabaseSessionStore)


def test_postgresql_connections_price_random_reads_for_ssd():
    postgres = {"DATABASE_URL": "postgres://patroli@db.internal:5432/patroli"}
    assert "'options': '-c random_page_cost=1.1'" in setting("DATABASES['default']['OPTIONS']", **postgres)
    assert "random_page_cost=2" in setting("DATABASES['default']['OPTIONS']", **postgres, DB_RANDOM_PAGE_COST="2")
    assert "options" not in setting("DATABASES['default']['OPTIONS']", **postgres, DB_RANDOM_PAGE_COST="")
    assert "random_page_cost" not in setting("DATABASES['default']", DATABASE_URL="")
