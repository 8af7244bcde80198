"""Watching a Playwright page for what the Content-Security-Policy blocked."""

import io
from urllib.parse import urlsplit

from PIL import Image

COLLECT_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def tile_png():
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "#cde").save(buffer, "PNG")
    return buffer.getvalue()


def watch(page):
    """Serve map tiles from memory, refuse other outside requests, and collect CSP complaints."""
    complaints = []
    tile = tile_png()

    def handle(route):
        host = urlsplit(route.request.url).hostname
        if host == "tile.openstreetmap.org":
            route.fulfill(status=200, content_type="image/png", body=tile)
        elif host in ("localhost", "127.0.0.1"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", handle)
    page.add_init_script(COLLECT_VIOLATIONS)
    page.on("console", lambda message: "Content Security Policy" in message.text and complaints.append(message.text))
    return complaints


def violations(page, complaints):
    """What the console said and what the page saw since it loaded; read it before leaving the page."""
    return complaints + page.evaluate("window.cspViolations")
