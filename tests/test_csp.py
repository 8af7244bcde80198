"""The Content-Security-Policy: no inline script but django-leaflet's, which carries the request's nonce."""

import base64
import hashlib
import re
from pathlib import Path

import pytest
from csp.middleware import CSPMiddleware
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.template.loader import render_to_string
from django.test import RequestFactory

from config.settings import tile_origin

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIRS = [ROOT / "templates", *ROOT.glob("*/templates")]


def policy(response):
    directives = (part.strip().split(None, 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data: https://tile.openstreetmap.org",
    "connect-src": "'self'",
    # The officer app's service worker and manifest.
    "worker-src": "'self'",
    "manifest-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


@pytest.mark.django_db
def test_every_page_gets_the_policy(client):
    response = client.get("/accounts/login/")

    assert policy(response) == POLICY
    assert "unsafe" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"


@pytest.mark.django_db
def test_the_admin_also_allows_style_attributes_and_one_known_handler(client):
    response = client.get("/admin/login/")

    assert policy(response) == {
        **POLICY,
        "style-src-attr": "'unsafe-inline'",
        # django-import-export's onchange="onSelectToggleChange(event)", and nothing else.
        "script-src-attr": "'unsafe-hashes' 'sha256-%s'" % base64.b64encode(
            hashlib.sha256(b"onSelectToggleChange(event)").digest()
        ).decode(),
    }


@pytest.mark.parametrize(
    "tiles, origin",
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.id/{z}/{x}/{y}.png", "https://*.tile.example.id"),
        ("http://127.0.0.1:8080/tiles/{z}/{x}/{y}.png", "http://127.0.0.1:8080"),
    ],
)
def test_map_tiles_are_allowed_from_the_configured_server_only(tiles, origin):
    assert tile_origin(tiles) == origin


def render_map_page():
    """A page with django-leaflet's map, through the CSP middleware, as a view of issue 5 renders it."""
    template = Template('{% load leaflet_tags %}{% leaflet_map "peta" csp_nonce=CSP_NONCE %}')

    def view(request):
        return HttpResponse(template.render(RequestContext(request)))

    return CSPMiddleware(view)(RequestFactory().get("/map/"))


def test_the_leaflet_map_script_carries_the_request_nonce():
    first, second = render_map_page(), render_map_page()

    nonce = re.search(r'<script nonce="([^"]+)">', first.content.decode()).group(1)
    assert policy(first)["script-src"] == f"'self' 'nonce-{nonce}'"
    assert nonce not in second.content.decode()
    assert len(nonce) >= 22


def template_files():
    return [path for folder in TEMPLATE_DIRS for path in folder.rglob("*.html")]


@pytest.mark.parametrize("path", template_files(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_handlers(path):
    text = path.read_text()

    assert all("src=" in tag for tag in re.findall(r"<script\b[^>]*>", text))
    assert not re.search(r"<style\b", text)
    assert not re.search(r"\sstyle\s*=", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text


def test_the_error_page_styles_itself_from_a_file():
    page = render_to_string("500.html")

    assert 'href="/static/css/error.css"' in page
