"""The fresh tables' steps (bench/after_write.py, bench/mixed.py) against the live test server on the demo data.

`make bench` serves them with gunicorn and PAGE_CACHE=0; here the live server of the tests does, with the page cache
off too, and the same HTTP client logs in through the login form and files visits through the visit form.
"""

from io import StringIO
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.db import connection

from bench import database
from bench.after_write import measure_after_write
from bench.client import log_in
from bench.filing import Officer
from bench.mixed import run_mixed
from bench.pages import AFTER_WRITE_ROUTES, HUMAS, OFFICER, POLRES, POLSEK, VIEWERS, humas_pages, url_for
from demo.data import DEMO_PASSWORD
from patrols.models import Aspiration, Patrol, Visit

# The live server reads what the test commits; serialized_rollback keeps the role groups for the tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def server(live_server, settings):
    settings.PAGE_CACHE = False
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    call_command("seed_demo", "--force", stdout=StringIO())
    return urlsplit(live_server.url).port


def counts():
    return Visit.objects.count(), Aspiration.objects.count()


def test_each_fresh_page_is_read_whole_by_both_viewers_right_after_a_visit_is_filed(server):
    ids = database.bench_ids()
    before = counts()
    pages = [(page.label, url_for(page, ids)) for page in humas_pages(AFTER_WRITE_ROUTES)]
    readers = {level: (VIEWERS[level][HUMAS], log_in(server, VIEWERS[level][HUMAS], DEMO_PASSWORD))
               for level in (POLSEK, POLRES)}
    officer = Officer(server, OFFICER, log_in(server, OFFICER, DEMO_PASSWORD), ids.patrol)
    try:
        result = measure_after_write(server, officer, readers, pages, rounds=1, progress=lambda text: None)
    finally:
        officer.close()

    writes = len(pages) * 2
    assert counts() == (before[0] + writes, before[1] + writes)
    assert (result.post.requests, result.post.errors) == (writes, 0)
    # A layer read again with its ETag unchanged would be a 304 and count as an error: none is.
    assert [(read.label, read.level) for read in result.reads if read.summary.errors] == []
    assert {(read.username, read.level) for read in result.reads} == {("humaspolsek", POLSEK), ("humas", POLRES)}
    assert all(read.summary.p95_ms is not None for read in result.reads)

    database.remove_bench_patrols()
    assert counts() == before and not Patrol.objects.filter(notes=database.BENCH_PATROL_NOTES).exists()


def test_the_mixed_load_files_and_reads_at_once_and_counts_every_request(server):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL, as the benchmark: SQLite's in-memory test database locks a table per writer")
    officers_at_work = ["petugas", "maluk.petugas"]
    patrols = database.bench_patrols(officers_at_work)
    before = counts()
    officers = [Officer(server, name, log_in(server, name, DEMO_PASSWORD), patrols[name]) for name in officers_at_work]
    reviewers = {
        POLSEK: [log_in(server, "humaspolsek", DEMO_PASSWORD)], POLRES: [log_in(server, "humas", DEMO_PASSWORD)],
    }
    pages = [("/dashboard/", "/dashboard/"), ("/map/sectors.geojson", "/map/sectors.geojson")]
    try:
        result = run_mixed(server, officers, reviewers, pages, seconds=3, pause=0.2, seed=1, interval=(0.3, 0.6))
    finally:
        for officer in officers:
            officer.close()

    assert result.errors == 0
    assert result.filed.requests >= 4
    assert counts() == (before[0] + result.filed.requests, before[1] + result.filed.requests)
    assert set(result.read_by_level) == {POLSEK, POLRES} and result.read.requests >= 4
    assert [label for label, _ in result.read_by_page] == ["/dashboard/", "/map/sectors.geojson"]
    assert result.probe.requests >= 1
    assert result.requests == result.filed.requests + result.read.requests + result.probe.requests

    database.remove_bench_patrols()
    assert counts() == before
