"""A closed network for a Playwright page: only the live server answers."""

import time
from urllib.parse import urlsplit


def block_outside_requests(page):
    """Abort every request to another host; return the aborted requests to inspect."""
    blocked = []

    def handle(route):
        if urlsplit(route.request.url).hostname in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            blocked.append(route.request)
            route.abort()

    page.route("**/*", handle)
    return blocked


def wait_for_worker(page, kept=(), seconds=30):
    """Wait until the service worker controls the page and keeps the given paths for the officer."""
    # A function, not an expression: the Content-Security-Policy forbids the eval that polling an expression needs.
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    deadline = time.monotonic() + seconds
    while missing := page.evaluate(KEPT, list(kept)):
        assert time.monotonic() < deadline, f"the service worker did not keep {missing}"
        time.sleep(0.2)


# The paths not yet in any officer's page cache.
KEPT = """async (paths) => {
    const names = (await caches.keys()).filter((name) => name.startsWith("pages-"));
    const missing = [];
    for (const path of paths) {
        let found = false;
        for (const name of names) {
            found = found || Boolean(await (await caches.open(name)).match(path));
        }
        if (!found) missing.push(path);
    }
    return missing;
}"""
