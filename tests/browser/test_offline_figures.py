"""Figures of the offline app for docs/PERFORMANCE.md: the precache, the offline form's first paint, and
ten queued visits with a photo each sent over a slow link (400 kbit/s each way, 400 ms latency)."""

import gzip
import io
import json
import os
import re
import statistics
import time

import pytest
from PIL import Image

from patrols.models import Visit, VisitPhoto
from tests.factories import make_patrol

from .conftest import ARTIFACTS
from .test_offline_app import app, form_url, ready_offline  # noqa: F401 (fixture)
from .test_visit_journey import fill_visit, places  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SLOW_LINK = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}
QUEUED = 10

# The outbox as visit-send.js fills it, ten times over: the form's fields and its (shrunk) photo.
QUEUE = """async (count) => {
    const form = document.getElementById("visit-form");
    const fields = [];
    new FormData(form).forEach((value, name) => {
        if (name !== "csrfmiddlewaretoken" && !(value instanceof Blob)) fields.push([name, value]);
    });
    const photos = Array.from(document.getElementById("photo-gallery").files, (file) => ({name: file.name, blob: file}));
    const userId = document.body.dataset.userId;
    for (let n = 0; n < count; n++) {
        const uuid = crypto.randomUUID();
        await PatroliOutbox.put(userId, {
            uuid, kind: "visit", patrolId: form.dataset.draftPatrol, url: location.pathname, formUrl: location.pathname,
            fields: fields.map(([name, value]) => [name, name === "client_uuid" ? uuid : value]),
            photos, label: "uji " + n, createdAt: Date.now() + n, recordedAt: new Date().toISOString(), state: "waiting",
        });
    }
    return photos.map((photo) => photo.blob.size);
}"""

# What the worker keeps for the officer: path -> bytes.
KEPT = """async () => {
    const kept = {};
    for (const name of (await caches.keys()).filter((name) => name.startsWith("pages-"))) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
            kept[new URL(request.url).pathname] = (await (await cache.match(request)).arrayBuffer()).byteLength;
        }
    }
    return kept;
}"""

DRAIN = """async () => {
    const start = performance.now();
    const outcome = await PatroliOffline.send();
    return {ms: performance.now() - start, sent: outcome.sent, stopped: outcome.stopped};
}"""


def camera_photo(path):
    """A 12-megapixel photo with about the detail of a real one (a 1600 px JPEG of it is some 300 KB)."""
    width, height = 4000, 3000
    scene = Image.frombytes("RGB", (width // 25, height // 25), os.urandom(width * height * 3 // 625))
    scene = scene.resize((width, height), Image.BICUBIC)
    grain = Image.effect_noise((width, height), 12).convert("RGB")
    out = io.BytesIO()
    Image.blend(scene, grain, 0.15).save(out, "JPEG", quality=92)
    path.write_bytes(out.getvalue())
    return path


def test_offline_app_figures(app, login, live_server, officer, places, tmp_path, media_root):
    patrol = make_patrol(officer)
    page = app.new_page()
    login(page, officer)
    ready_offline(page, live_server, patrol, places)

    worker = page.request.get(f"{live_server.url}/sw.js").text()
    precache = json.loads(re.search(r"^const PRECACHE = (.*);$", worker, re.MULTILINE)[1])
    bodies = [page.request.get(f"{live_server.url}{url}").body() for url in precache]
    shell = {"files": len(bodies), "bytes": sum(map(len, bodies)), "gzip": sum(len(gzip.compress(body, 6)) for body in bodies)}

    kept = page.evaluate(KEPT)

    app.set_offline(True)
    paints = []
    for _ in range(5):
        page.goto(form_url(live_server, patrol))
        page.wait_for_function("() => performance.getEntriesByName('first-contentful-paint').length > 0")
        paints.append(page.evaluate("performance.getEntriesByName('first-contentful-paint')[0].startTime"))
    first_paint_ms = statistics.median(paints)

    fill_visit(page, places, summary="Sepuluh laporan menunggu sinyal.")
    page.set_input_files("#photo-gallery", str(camera_photo(tmp_path / "IMG_20261128_0932.jpg")))
    page.wait_for_selector("#photo-list >> text=IMG_20261128_0932.jpg")
    photo_bytes = page.evaluate(QUEUE, QUEUED)[0]
    app.set_offline(False)
    cdp = app.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_LINK)
    started = time.monotonic()
    drained = page.evaluate(DRAIN)
    wall_s = time.monotonic() - started

    assert drained["sent"] == QUEUED and drained["stopped"] is None
    assert Visit.objects.count() == QUEUED and VisitPhoto.objects.count() == QUEUED
    figures = {
        "precache": shell,
        "kept_for_the_officer": kept,
        "offline_form_first_contentful_paint_ms": {"median": round(first_paint_ms), "runs": [round(p) for p in paints]},
        "drain": {"visits": QUEUED, "photo_bytes_each": photo_bytes, "seconds": round(drained["ms"] / 1000, 1), "link": SLOW_LINK},
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "offline-figures.json").write_text(json.dumps(figures, indent=2))
    print(
        f"\nprecache: {shell['files']} files, {shell['bytes']} bytes ({shell['gzip']} gzip); "
        f"kept for the officer: {len(kept)} pages and fragments, {sum(kept.values())} bytes; "
        f"offline form first contentful paint: {first_paint_ms:.0f} ms (median of 5); "
        f"{QUEUED} queued visits with a {photo_bytes} byte photo each sent in {drained['ms'] / 1000:.1f} s "
        f"(wall {wall_s:.1f} s) at 400 kbit/s, 400 ms"
    )
    assert shell["gzip"] < 1_000_000
    assert first_paint_ms < 3000
