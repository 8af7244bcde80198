"""The installable officer app's server side: /sw.js, the manifest and its icons, /offline/, /outbox/ and its token,
and the hooks the pages give the outbox's scripts."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client
from PIL import Image

from offline import shell

from .factories import make_patrol, make_visit

pytestmark = pytest.mark.django_db

STATIC_LINK = re.compile(r'(?:src|href)="(/static/[^"]+)"')


@pytest.fixture(autouse=True)
def fresh_worker():
    """The worker script is built once per process: each test builds it with its own settings."""
    shell._built_worker.cache_clear()
    yield
    shell._built_worker.cache_clear()


def precache(response):
    return json.loads(re.search(r"^const PRECACHE = (.*);$", response.content.decode(), re.MULTILINE)[1])


def version(response):
    return re.search(r'^const VERSION = "([0-9a-f]+)";$', response.content.decode(), re.MULTILINE)[1]


def officer_pages(client, officer):
    """The pages an officer works from with no signal, a patrol with a stop on its map among them."""
    patrol = make_patrol(officer)
    make_visit(patrol)
    paths = {
        "home": "/",
        "patrols": "/patrols/",
        "patrol": f"/patrols/{patrol.pk}/",
        "visit form": f"/patrols/{patrol.pk}/visits/new/",
        "outbox": "/outbox/",
        "offline": "/offline/",
    }
    return {name: client.get(path) for name, path in paths.items()}


def without_placeholders(text):
    return [line for line in text.splitlines() if not line.startswith(("const PRECACHE =", "const VERSION ="))]


class TestServiceWorker:
    def test_it_is_served_from_the_root_as_javascript_that_the_browser_checks_every_time(self, client):
        response = client.get("/sw.js")

        assert response.status_code == 200
        assert response["Content-Type"] == "application/javascript; charset=utf-8"
        assert response["Cache-Control"] == "no-cache"
        assert response["Service-Worker-Allowed"] == "/"
        assert "worker-src 'self'" in response["Content-Security-Policy"]

    def test_the_placeholders_are_filled_and_the_rest_of_the_worker_kept(self, client):
        body = client.get("/sw.js").content.decode()
        source = Path(finders.find("js/sw.js")).read_text()

        assert len(re.findall(r"^const PRECACHE = ", body, re.MULTILINE)) == 1
        assert '"dev"' not in body and "const PRECACHE = [];" not in body
        assert without_placeholders(body) == without_placeholders(source)

    def test_every_precached_url_answers(self, client):
        urls = precache(client.get("/sw.js"))

        assert "/offline/" in urls and "/static/js/sw.js" not in urls
        assert {url: client.get(url).status_code for url in urls} == {url: 200 for url in urls}

    def test_every_static_file_an_officers_page_links_is_precached(self, officer_client, officer):
        urls = set(precache(officer_client.get("/sw.js")))
        pages = officer_pages(officer_client, officer)
        assert all(response.status_code == 200 for response in pages.values())

        linked = {name: set(STATIC_LINK.findall(response.content.decode())) for name, response in pages.items()}
        assert "/static/leaflet/leaflet.js" in linked["patrol"]
        assert {name: found - urls for name, found in linked.items()} == {name: set() for name in linked}

    def test_with_hashed_names_the_worker_lists_what_the_pages_link(self, settings, tmp_path, officer_client, officer):
        """Production's ManifestStaticFilesStorage: the precache holds the very names the pages use."""
        settings.STATIC_ROOT = tmp_path / "static"
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
        }
        call_command("collectstatic", interactive=False, verbosity=0)

        urls = precache(officer_client.get("/sw.js"))
        linked = {url for response in officer_pages(officer_client, officer).values()
                  for url in STATIC_LINK.findall(response.content.decode())}

        assert re.fullmatch(r"/static/css/app\.[0-9a-f]{12}\.css", next(u for u in urls if "/css/app." in u))
        assert linked <= set(urls)
        missing = [url for url in urls if url.startswith("/static/")
                   and not (settings.STATIC_ROOT / url.removeprefix("/static/")).is_file()]
        assert missing == []

    def test_the_version_follows_the_contents_of_the_kept_files(self, client, monkeypatch):
        before = version(client.get("/sw.js"))
        read = shell._read
        monkeypatch.setattr(shell, "_read", lambda path: read(path) + (b"/* */" if path == "css/app.css" else b""))
        shell._built_worker.cache_clear()

        after = version(client.get("/sw.js"))

        assert len(before) == 16 and after != before

    def test_it_carries_no_user_data(self, officer_client, officer):
        token = officer_client.get("/outbox/token").json()["csrf_token"]
        body = officer_client.get("/sw.js").content.decode()

        assert officer.username not in body and officer.last_name not in body
        assert token not in body and officer_client.cookies["csrftoken"].value not in body


class TestManifest:
    def test_it_is_a_web_app_manifest(self, client):
        response = client.get("/manifest.webmanifest")
        manifest = json.loads(response.content)

        assert response["Content-Type"] == "application/manifest+json"
        assert manifest["name"] == "Patroli Dialogis" and manifest["short_name"] == "Patroli"
        assert manifest["start_url"] == "/" and manifest["scope"] == "/"
        assert manifest["display"] == "standalone"
        assert manifest["theme_color"] == "#0b2f5b"

    def test_its_icons_exist_at_their_sizes_and_the_maskable_ones_fill_the_square(self, client):
        icons = json.loads(client.get("/manifest.webmanifest").content)["icons"]

        assert sorted((icon["sizes"], icon["purpose"]) for icon in icons) == [
            ("192x192", "any"), ("192x192", "maskable"), ("512x512", "any"), ("512x512", "maskable"),
        ]
        for icon in icons:
            path = finders.find(icon["src"].removeprefix("/static/"))
            with Image.open(path) as image:
                size = int(icon["sizes"].split("x")[0])
                assert (image.format, image.size) == ("PNG", (size, size))
                corner = image.convert("RGBA").getpixel((0, 0))
                centre = image.convert("RGB").getpixel((size // 2, size // 2))
                assert corner[3] == (255 if icon["purpose"] == "maskable" else 0), icon["src"]
                assert centre == (0xF2, 0xC2, 0x30), "the shield's gold in the middle"
            assert client.get(icon["src"]).status_code == 200

    def test_it_is_linked_from_every_page(self, client):
        body = client.get("/accounts/login/").content.decode()

        assert '<link rel="manifest" href="/manifest.webmanifest">' in body
        assert '<meta name="theme-color" content="#0b2f5b">' in body

    def test_it_and_the_offline_page_may_be_cached_by_anyone(self, client):
        for path in ("/manifest.webmanifest", "/offline/"):
            response = client.get(path)
            assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"], path
            assert "Cookie" in response["Vary"], "the language cookie chooses their words"


def test_make_app_icons_draws_the_four_icons(tmp_path):
    call_command("make_app_icons", out=tmp_path, stdout=open("/dev/null", "w"))

    sizes = {path.name: Image.open(path).size for path in tmp_path.iterdir()}
    assert sizes == {
        "app-icon-192.png": (192, 192),
        "app-icon-512.png": (512, 512),
        "app-icon-maskable-192.png": (192, 192),
        "app-icon-maskable-512.png": (512, 512),
    }


class TestOfflinePage:
    def test_it_tells_the_officer_the_reports_are_safe(self, client):
        response = client.get("/offline/")

        assert response.status_code == 200
        assert "Tidak ada sinyal" in response.content.decode()
        assert "Laporan Anda aman di antrean" in response.content.decode()

    def test_it_has_no_csrf_token_and_nothing_of_the_officer_client_officer(self, officer_client, officer):
        response = officer_client.get("/offline/")
        body = response.content.decode()

        assert "csrfmiddlewaretoken" not in body and "csrftoken" not in response.cookies
        for personal in (officer.username, officer.first_name, officer.last_name, "data-user-id", "Keluar"):
            assert personal not in body

    def test_it_leaves_the_officers_messages_for_their_next_page(self, officer_client, officer):
        patrol = make_patrol(officer)
        officer_client.post(f"/patrols/{patrol.pk}/end/")
        officer_client.get("/offline/")

        assert "Patroli selesai" in officer_client.get(f"/patrols/{patrol.pk}/").content.decode()


class TestOutbox:
    def test_an_officer_gets_the_shell(self, officer_client):
        response = officer_client.get("/outbox/")

        body = response.content.decode()
        assert response.status_code == 200
        assert "data-outbox-list" in body and "<noscript>" in body

    def test_humas_gets_403_and_a_visitor_the_login_page(self, client, humas):
        assert client.get("/outbox/")["Location"] == "/accounts/login/?next=/outbox/"
        client.force_login(humas)
        assert client.get("/outbox/").status_code == 403

    def test_the_token_is_fresh_json_for_the_officer_client_user(self, officer_client, officer):
        response = officer_client.get("/outbox/token")

        assert response.json() == {"csrf_token": response.json()["csrf_token"], "user_id": officer.pk}
        assert len(response.json()["csrf_token"]) == 64
        assert "no-store" in response["Cache-Control"]

    def test_without_a_session_the_token_is_401_json_whatever_was_asked_for(self, client):
        response = client.get("/outbox/token", HTTP_ACCEPT="text/html")

        assert response.status_code == 401 and response.json()["status"] == "login_required"

    def test_a_token_from_the_endpoint_passes_the_csrf_check(self, officer):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)
        token = client.get("/outbox/token").json()["csrf_token"]
        patrol = make_patrol(officer)

        assert client.post(f"/patrols/{patrol.pk}/end/", HTTP_X_CSRFTOKEN=token).status_code == 302


class TestPageHooks:
    def test_an_officers_pages_name_the_user_the_outbox_and_the_worker(self, officer_client, officer):
        body = officer_client.get("/patrols/").content.decode()

        assert f'data-user-id="{officer.pk}"' in body
        assert 'data-outbox-url="/outbox/"' in body and 'data-sw-url="/sw.js"' in body
        assert re.search(r'<form method="post" action="/accounts/logout/" data-logout>', body)
        badge = re.search(r'<a [^>]*href="/outbox/" data-outbox-count hidden([^>]*)>', body)
        assert 'data-many="%(n)s laporan menunggu sinyal"' in badge[1] and "data-one=" in badge[1]
        assert '<a class="nav-link" href="/outbox/">' in body

    def test_a_visitor_has_no_user_id_and_no_outbox(self, client):
        body = client.get("/accounts/login/").content.decode()

        assert 'data-user-id=""' in body and "data-outbox-count" not in body

    def test_humas_gets_no_outbox(self, client, humas):
        client.force_login(humas)
        body = client.get("/patrols/").content.decode()

        assert f'data-user-id="{humas.pk}"' in body
        assert 'href="/outbox/"' not in body and "data-outbox-count" not in body

    def test_the_patrol_page_has_a_place_for_its_queued_visits(self, officer_client, officer):
        patrol = make_patrol(officer)

        body = officer_client.get(f"/patrols/{patrol.pk}/").content.decode()

        assert f'<div data-patrol-pending="{patrol.pk}" data-title="Menunggu sinyal" hidden></div>' in body
