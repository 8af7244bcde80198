"""Timed requests from one or several users, and the bytes an officer's phone downloads for a page.

Every run is bounded twice: by a number of requests and by a wall-clock budget, whichever
ends it first; a request in flight at the deadline may finish, within the client's timeout.
"""

import http.client
import itertools
import re
import threading
import time
from dataclasses import dataclass

from bench.client import Client, parse_form, same_origin_assets
from bench.stats import summarize

WARM_UP_REQUESTS = 3


def request_maker(page, url, port, cookies):
    """A function that makes one request of the page with a client; a POST re-sends the form it served."""
    if not page.submit:
        return lambda client: client.get(url)
    form_page = Client(port, cookies)
    try:
        form = parse_form(form_page.get(url).text)
    finally:
        form_page.close()
    return lambda client: client.post(url, page.submit(form))


def measure(page, url, port, cookies, *, users, requests, seconds):
    make_request = request_maker(page, url, port, cookies)
    run(make_request, page.expect, port, cookies, users=1, requests=WARM_UP_REQUESTS, seconds=seconds)
    return run(make_request, page.expect, port, cookies, users=users, requests=requests, seconds=seconds)


def run(make_request, expect, port, cookies, *, users, requests, seconds):
    tickets = itertools.count()
    deadline = time.monotonic() + seconds
    latencies, errors, lock = [], [0], threading.Lock()

    def user():
        client = Client(port, cookies)
        try:
            while time.monotonic() < deadline and next(tickets) < requests:
                try:
                    response = make_request(client)
                    ok = response.status == expect
                except (http.client.HTTPException, OSError):
                    ok = False
                with lock:
                    if ok:
                        latencies.append(response.seconds)
                    else:
                        errors[0] += 1
        finally:
            client.close()

    # Daemon threads: a SIGTERM exit does not wait for them (see bench.run).
    threads = [threading.Thread(target=user, daemon=True) for _ in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return summarize(latencies, errors=errors[0], seconds=time.perf_counter() - started)


@dataclass(frozen=True)
class Weight:
    first_bytes: int
    first_requests: int
    repeat_bytes: int
    repeat_requests: int


def weigh(url, port, cookies):
    """Compressed body bytes of a first load (page and the files it references) and of a repeat load.

    On the repeat load a file still fresh by its Cache-Control max-age costs no request, as in a
    browser; a stale one is revalidated with its ETag or Last-Modified.
    """
    client = Client(port, cookies)
    try:
        page = client.get(url)
        first_bytes, first_requests, assets = len(page.body), 1, {}
        for asset in same_origin_assets(page.text):
            response = client.get(asset)
            first_bytes += len(response.body)
            first_requests += 1
            assets[asset] = response.headers
        again = client.get(url)
        repeat_bytes, repeat_requests = len(again.body), 1
        for asset, headers in assets.items():
            if is_fresh(headers):
                continue
            response = client.get(asset, headers=validators(headers))
            repeat_bytes += len(response.body)
            repeat_requests += 1
    finally:
        client.close()
    return Weight(first_bytes, first_requests, repeat_bytes, repeat_requests)


def is_fresh(headers):
    cache_control = headers.get("cache-control", "")
    if "no-cache" in cache_control or "no-store" in cache_control:
        return False
    max_age = re.search(r"max-age=(\d+)", cache_control)
    return bool(max_age and int(max_age.group(1)) > 0)


def validators(headers):
    conditional = {}
    if "etag" in headers:
        conditional["If-None-Match"] = headers["etag"]
    if "last-modified" in headers:
        conditional["If-Modified-Since"] = headers["last-modified"]
    return conditional
