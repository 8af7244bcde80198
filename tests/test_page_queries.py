"""Every page the benchmark measures runs at most 16 queries, as many with 300 more rows as without.

The pages and the users who open them are bench.pages.PAGES, so a page added to the benchmark is
pinned here too. Figures cached by patrols.cache are measured both ways: computed (empty cache)
and served from the cache.
"""

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench.client import parse_form
from bench.database import bench_ids
from bench.pages import pages_for_build, url_for
from patrols import cache as page_cache
from reports.views import map as map_views
from patrols.models import Aspiration, Visit

# Session, user, permissions and the units the viewer reaches, then the page itself.
MAX_QUERIES = 16
PLACES = {"sectors": 20, "officers": 8, "years": 2}
PAGES = pages_for_build()


def seed_bulk(rows, seed):
    call_command("seed_bulk", visits=rows, aspirations=rows, seed=seed, stdout=StringIO(), **PLACES)


def queries_for(client, page, url):
    """(queries computing everything, queries with the figures cached) for one request of the page."""
    # The first request of a process fills Django's own caches (content types for the admin).
    client.get(url)
    counts = []
    for cached in (False, True):
        if not cached:
            cache.clear()
        data = page.submit(parse_form(client.get(url).content.decode())) if page.submit else None
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data) if data else client.get(url)
        assert response.status_code == page.expect, (page.label, response.status_code)
        if response["Content-Type"].startswith("text/html"):
            assert b"{#" not in response.content and b"{%" not in response.content, "template syntax in the page"
        counts.append(len(queries))
    return counts


@pytest.fixture
def world(db):
    call_command("seed_demo", "--force", stdout=StringIO())
    return bench_ids()


@pytest.mark.parametrize("page", PAGES, ids=[f"{page.method} {page.label} {page.user}" for page in PAGES])
def test_a_page_runs_as_many_queries_with_300_more_rows(client, world, page):
    if page.user:
        client.force_login(get_user_model().objects.get(username=page.user))
    url = url_for(page, world)
    few = queries_for(client, page, url)

    visits, aspirations = Visit.objects.count(), Aspiration.objects.count()
    seed_bulk(300, seed=2)

    assert Visit.objects.count() == visits + 300 and Aspiration.objects.count() == aspirations + 300
    many = queries_for(client, page, url)
    assert many == few
    assert max(many) <= MAX_QUERIES, f"{page.label}: {many[0]} queries computed, {many[1]} cached"
    assert many[1] <= many[0]


def test_with_the_page_cache_off_every_request_computes_its_figures(client, world, settings):
    """PAGE_CACHE=0 (the benchmark's "right after a write" tables): nothing is read from the cache or kept in it."""
    settings.PAGE_CACHE = False
    cache.clear()
    client.force_login(get_user_model().objects.get(username="humas"))
    with mock.patch.object(page_cache, "cache") as shared, mock.patch.object(map_views, "cache") as layers:
        for url in (reverse("dashboard"), reverse("aspiration_list"), reverse("map_layer", args=["aspirations"])):
            with CaptureQueriesContext(connection) as first:
                assert client.get(url).status_code == 200
            with CaptureQueriesContext(connection) as second:
                assert client.get(url).status_code == 200
            assert len(second) == len(first), url
    assert shared.mock_calls == layers.mock_calls == []
