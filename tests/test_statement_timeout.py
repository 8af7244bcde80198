"""PostgreSQL's statement_timeout on every web request: a slow statement is cancelled and answered with a page.

A statement of the review list or its exports can be made slow by a crafted filter; here pg_sleep
stands in for it, called where the view reads its rows. Management commands are not limited.
"""

import time

import pytest
from django.db import OperationalError, connection

from patrols.filters import review_queryset
from patrols.views import exports

from .test_backup import manage, postgres_url
from .test_exports import csv_rows

pytestmark = [
    # Decided before any database is set up for the test.
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="statement_timeout is PostgreSQL's; on SQLite DB_STATEMENT_TIMEOUT_MS does nothing",
    ),
    pytest.mark.django_db,
]

LIST, CSV, XLSX = "/aspirations/", "/aspirations/export.csv", "/aspirations/export.xlsx"


def sleep(seconds):
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(%s)", [seconds])


@pytest.fixture
def slow_rows(monkeypatch):
    """The list and the exports spend `seconds` in the database before reading their rows."""

    def slow(seconds):
        def queryset(user):
            sleep(seconds)
            return review_queryset(user)

        monkeypatch.setattr("patrols.views.aspirations.review_queryset", queryset)
        monkeypatch.setattr("patrols.views.exports.review_queryset", queryset)

    return slow


def answered_with_the_page(response):
    body = response.content.decode()
    return response.status_code == 503 and "Permintaan terlalu berat" in body and "Traceback" not in body


def test_a_slow_statement_of_a_page_is_cancelled_and_answered_with_a_page(reviewer, week, settings, slow_rows):
    settings.DB_STATEMENT_TIMEOUT_MS = 200
    slow_rows(3)

    started = time.monotonic()
    response = reviewer.get(LIST)

    assert time.monotonic() - started < 2
    assert answered_with_the_page(response)
    assert response["Retry-After"] == "60"


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_the_exports_get_their_own_longer_limit(reviewer, week, settings, slow_rows, url):
    settings.DB_STATEMENT_TIMEOUT_MS = 100
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 5000
    slow_rows(0.3)

    assert reviewer.get(url).status_code == 200


def test_a_page_after_an_export_has_the_shorter_limit_again(reviewer, week, settings, slow_rows):
    settings.DB_STATEMENT_TIMEOUT_MS = 100
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 5000
    slow_rows(0.3)
    reviewer.get(CSV)

    assert answered_with_the_page(reviewer.get(LIST))


@pytest.mark.parametrize("url", [CSV, XLSX])
def test_an_export_over_its_limit_is_answered_with_the_page(reviewer, week, settings, slow_rows, url):
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 200
    slow_rows(3)

    assert answered_with_the_page(reviewer.get(url))


def test_a_csv_export_cancelled_mid_stream_ends_at_once(reviewer, week, settings, monkeypatch):
    """The header is out when the rows are read: the stream breaks off (the server drops the connection)."""
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 200
    rows = exports.export_rows

    def slow_rows(queryset, columns):
        sleep(3)
        yield from rows(queryset, columns)

    monkeypatch.setattr(exports, "export_rows", slow_rows)
    response = reviewer.get(CSV)
    assert response.status_code == 200
    stream = iter(response.streaming_content)
    assert next(stream).decode().lstrip("\ufeff").startswith("Nomor,")

    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"):
        next(stream)
    assert time.monotonic() - started < 2


def test_an_export_within_its_limit_streams_every_row(reviewer, week, settings):
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 2000

    assert len(csv_rows(reviewer.get(CSV))) == len(week.aspirations) + 1


# serialized_rollback keeps the role groups for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_connection_opened_during_the_request_is_limited_too(reviewer, week, settings, slow_rows):
    settings.DB_STATEMENT_TIMEOUT_MS = 200
    slow_rows(3)
    connection.close()
    try:
        assert answered_with_the_page(reviewer.get(LIST))
    finally:
        # Opened with the limit: the tests that follow get a connection of their own.
        connection.close()


# serialized_rollback keeps the role groups for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_kept_connection_keeps_the_limit_and_gets_the_shorter_one_back_after_an_export(
    reviewer, week, settings, slow_rows
):
    """Outside a test's transaction the limit is set once per connection and value, not on every page."""
    settings.DB_STATEMENT_TIMEOUT_MS = 150
    settings.DB_EXPORT_STATEMENT_TIMEOUT_MS = 5000
    try:
        for _ in range(2):
            assert reviewer.get(LIST).status_code == 200
            with connection.cursor() as cursor:
                cursor.execute("SHOW statement_timeout")
                assert cursor.fetchone()[0] == "150ms"
        slow_rows(0.3)
        assert reviewer.get(CSV).status_code == 200
        # Another query than the pages above: theirs are cached.
        assert answered_with_the_page(reviewer.get(f"{LIST}?status=baru"))
    finally:
        connection.close()


def test_a_management_command_is_not_limited():
    """A command runs as long as it needs (migrate, seed_bulk, backup), whatever the web requests' limits."""
    sleep_longer_than_the_limits = (
        "from django.db import connection\n"
        "with connection.cursor() as cursor:\n"
        "    cursor.execute('SELECT pg_sleep(0.5)')\n"
        "print('slept')\n"
    )
    result = manage(
        "shell",
        "-c",
        sleep_longer_than_the_limits,
        DATABASE_URL=postgres_url(connection.settings_dict["NAME"]),
        DB_STATEMENT_TIMEOUT_MS="100",
        DB_EXPORT_STATEMENT_TIMEOUT_MS="100",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "slept"
