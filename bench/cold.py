"""What a page costs right after a change of the data, when none of its figures are cached.

The pages served by gunicorn are measured as readers meet them, mostly from the cache kept per
change of the data (patrols/cache.py). Here each request first empties the cache, so the page
computes everything, as the first request after a new visit, aspiration or follow-up does. The
requests go through Django's test client in the benchmark's own process, against the same
database: the network and gunicorn are left out, the rest is the same.
"""

import statistics
import time

from django.core.cache import cache
from django.test import Client

from bench.report import markdown_table, milliseconds
from bench.settings import HOST

REPEATS = 5


def cold_pages(ids):
    return [
        ("/aspirations/", "humas", "/aspirations/"),
        ("/aspirations/?status=baru", "humas", "/aspirations/?status=baru"),
        ("/aspirations/<id>/", "humas", f"/aspirations/{ids.aspiration}/"),
        ("/dashboard/", "humas", "/dashboard/"),
        ("/map/sectors.geojson", "petugas", "/map/sectors.geojson"),
        ("/map/aspirations.geojson", "petugas", "/map/aspirations.geojson"),
    ]


def measure_cold(ids, users):
    """[(label, user, median ms, slowest ms)], REPEATS requests each, the cache emptied before each."""
    clients = {}
    for name, user in users.items():
        clients[name] = Client(HTTP_HOST=HOST)
        clients[name].force_login(user)
    rows = []
    for label, user, url in cold_pages(ids):
        times = []
        for _ in range(REPEATS):
            cache.clear()
            started = time.perf_counter()
            response = clients[user].get(url)
            times.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} answered {response.status_code} in the cold run")
        rows.append((label, user, statistics.median(times), max(times)))
    cache.clear()
    return rows


def cold_table(rows):
    if not rows:
        return "The pages were not measured with an empty cache (`--no-cold`)."
    return (
        f"Right after a change of the data, nothing cached ({REPEATS} requests each, the cache emptied before "
        "each, in the benchmark's process through Django's test client):\n\n"
        + markdown_table(
            ["page", "user", "median ms", "slowest ms"],
            [[label, user, milliseconds(median), milliseconds(slowest)] for label, user, median, slowest in rows],
            numeric=(2, 3),
        )
    )
