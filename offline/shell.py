"""The app shell the service worker keeps on the phone, and the worker script that lists it."""

import functools
import hashlib
import json
import re

from django.conf import settings
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.urls import reverse

WORKER_SOURCE = "js/sw.js"
# Files of installed packages that the officer's pages link; the project's own static folder is kept whole.
PACKAGE_FILES = (
    "bootstrap/css/bootstrap.min.css",
    "bootstrap/js/bootstrap.bundle.min.js",
    "leaflet/leaflet.css",
    "leaflet/leaflet.js",
)
# The worker's two placeholder lines (OFFLINE-PROTOCOL.md): each is replaced whole, so each stays on one line.
PRECACHE_LINE = re.compile(r"^const PRECACHE =.*$", re.MULTILINE)
VERSION_LINE = re.compile(r"^const VERSION =.*$", re.MULTILINE)


def shell_files():
    """Static paths to keep: every file of the project's static folder but the worker, and PACKAGE_FILES."""
    own = settings.BASE_DIR / "static"
    paths = sorted(path.relative_to(own).as_posix() for path in own.rglob("*") if path.is_file())
    return [*PACKAGE_FILES, *(path for path in paths if path != WORKER_SOURCE)]


def precache_urls():
    """The URLs the worker fetches on install: hashed as the pages link them (ManifestStaticFilesStorage in
    production), and the offline page."""
    return [static(path) for path in shell_files()] + [reverse("offline")]


def _read(path):
    found = finders.find(path)
    if found is None:
        raise FileNotFoundError(f"static file {path!r} not found")
    with open(found, "rb") as file:
        return file.read()


def _build_worker():
    source = _read(WORKER_SOURCE).decode()
    urls = precache_urls()
    # Of the contents, not only the names: in development the names carry no hash, and a changed
    # stylesheet must still make the browser install a new worker.
    digest = hashlib.sha256(source.encode())
    digest.update(json.dumps(urls).encode())
    for path in shell_files():
        digest.update(_read(path))
    source = PRECACHE_LINE.sub(lambda _: f"const PRECACHE = {json.dumps(urls)};", source, count=1)
    return VERSION_LINE.sub(lambda _: f'const VERSION = "{digest.hexdigest()[:16]}";', source, count=1)


_built_worker = functools.cache(_build_worker)


def worker_script():
    """static/js/sw.js with the precache list and a version filled in; built once per process in production."""
    return _build_worker() if settings.DEBUG else _built_worker()
