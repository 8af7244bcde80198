"""A closed network for a Playwright page: only the live server answers."""

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
