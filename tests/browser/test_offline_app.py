"""The officer app with no signal: the service worker, the outbox and what happens when the signal returns."""

import re
import time

import pytest
from django.utils import timezone

from patrols.models import Patrol, Visit, VisitPhoto
from tests.factories import make_jpeg, make_patrol

from .menu import open_menu
from .offline import wait_for_worker
from .test_visit_journey import assert_fits_the_phone, fill_visit, places  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

OUTBOX_URL = re.compile(r"/outbox/$")
WAITING = "() => PatroliOutbox.all(document.body.dataset.userId).then((records) => records.length)"


@pytest.fixture
def app(browser, live_server, server_at_rest):
    """A phone's browser with the service worker allowed, as an officer's would be."""
    context = browser.new_context(
        viewport={"width": 360, "height": 780},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        locale="id-ID",
        service_workers="allow",
    )
    context.route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())
    yield context
    context.close()


@pytest.fixture
def photos(tmp_path):
    paths = []
    for n in range(1, 4):
        path = tmp_path / f"IMG_2026112{n}_0932.jpg"
        path.write_bytes(make_jpeg(1200, 900))
        paths.append(path)
    return paths


def eventually(page, condition, seconds=30):
    """Wait for the condition, letting Playwright work meanwhile (routes are answered on this thread)."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not reached in time"
        page.wait_for_timeout(200)


@pytest.fixture
def ready(app, login, live_server, officer, places):
    """The officer's phone after he opened his patrol's visit form online: the worker keeps what he needs."""
    patrol = make_patrol(officer)
    page = app.new_page()
    login(page, officer)
    ready_offline(page, live_server, patrol, places)
    return patrol, page


def form_url(live_server, patrol):
    return f"{live_server.url}/patrols/{patrol.pk}/visits/new/"


def ready_offline(page, live_server, patrol, places):
    """Open the visit form online and wait until the worker keeps what the officer needs with no signal."""
    page.goto(form_url(live_server, patrol))
    fragment = f"/sectors/{places['near'].pk}/open-aspirations/"
    wait_for_worker(page, kept=[f"/patrols/{patrol.pk}/visits/new/", "/outbox/", fragment])


def queue_visit(page, live_server, patrol, places, summary, photo=None):
    """File a visit with no signal: the form opens from the worker, the report goes to the outbox."""
    page.goto(form_url(live_server, patrol))
    fill_visit(page, places, summary=summary)
    if photo:
        page.set_input_files("#photo-gallery", str(photo))
        page.wait_for_selector(f"#photo-list >> text={photo.name}")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(OUTBOX_URL)
    page.wait_for_selector(f"[data-outbox-list] >> text={places['near'].name}")


def test_three_visits_filed_with_no_signal_arrive_once_with_their_photos(
    app, ready, login, live_server, screenshot, officer, places, photos, media_root
):
    patrol, page = ready
    app.set_offline(True)
    page.reload()
    page.wait_for_selector("#visit-form")
    screenshot(page, "01-form-from-the-worker")
    assert page.input_value("input[name=csrfmiddlewaretoken] >> nth=0") == ""
    # The worker can send the outbox itself (Background Sync).
    assert app.service_workers[0].evaluate("typeof self.PatroliOutbox.drain") == "function"
    for n, photo in enumerate(photos, start=1):
        queue_visit(page, live_server, patrol, places, f"Kunjungan ke-{n} tanpa sinyal.", photo)
    assert page.evaluate(WAITING) == 3
    screenshot(page, "02-outbox-three-waiting")
    assert_fits_the_phone(page)
    assert page.inner_text("[data-outbox-count]") == "3 laporan menunggu sinyal"
    assert not Visit.objects.exists()

    page.close()
    page = app.new_page()
    page.goto(f"{live_server.url}/outbox/")
    page.wait_for_selector("[data-outbox-list] li >> nth=2")
    app.set_offline(False)
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    screenshot(page, "03-outbox-sent")

    visits = list(Visit.objects.order_by("summary"))
    assert [visit.summary for visit in visits] == [f"Kunjungan ke-{n} tanpa sinyal." for n in (1, 2, 3)]
    assert len({visit.client_uuid for visit in visits}) == 3
    assert [visit.photos.count() for visit in visits] == [1, 1, 1]
    assert VisitPhoto.objects.count() == 3
    assert page.evaluate(WAITING) == 0


def test_the_open_aspirations_and_the_patrol_page_open_with_no_signal(app, ready, login, live_server, screenshot, officer, places):
    patrol, page = ready
    page.goto(f"{live_server.url}/patrols/{patrol.pk}/")
    wait_for_worker(page, kept=[f"/patrols/{patrol.pk}/"])
    app.set_offline(True)
    page.goto(form_url(live_server, patrol))
    page.select_option("#id_sector", str(places["near"].pk))
    page.wait_for_selector("#open-aspirations >> text=Tidak ada aspirasi yang masih terbuka")

    fill_visit(page, places, summary="Menunggu sinyal di patroli.")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(OUTBOX_URL)
    page.goto(f"{live_server.url}/patrols/{patrol.pk}/")
    page.wait_for_selector(f"[data-patrol-pending='{patrol.pk}'] >> text=Menunggu sinyal")
    screenshot(page, "01-patrol-page-pending")
    assert places["near"].name in page.inner_text(f"[data-patrol-pending='{patrol.pk}']")

    page.goto(f"{live_server.url}/map/")
    page.wait_for_selector("text=Tidak ada sinyal")
    screenshot(page, "02-offline-page")


def test_a_response_lost_while_sending_makes_no_duplicate(app, ready, login, live_server, officer, places, photos, media_root):
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Jawaban pertama hilang.", photos[0])
    queue_visit(page, live_server, patrol, places, "Terkirim sesudahnya.", photos[1])

    lost = []

    def lose_the_first_answer(route):
        if not lost:
            # The visit reaches the server and is saved; its answer never reaches the phone.
            route.fetch()
            lost.append(route.request.url)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    # On the context: the page and the worker (Background Sync) may each be the one sending.
    app.route(re.compile(r"/visits/new/$"), lose_the_first_answer)
    app.set_offline(False)
    eventually(page, lambda: lost)
    page.click("button:has-text('Kirim sekarang')")
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    assert sorted(Visit.objects.values_list("summary", flat=True)) == ["Jawaban pertama hilang.", "Terkirim sesudahnya."]
    assert VisitPhoto.objects.count() == 2


def test_a_session_that_ended_with_no_signal_keeps_the_queue_until_the_officer_logs_in(
    app, ready, login, live_server, screenshot, officer, places, photos, media_root
):
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Sesi habis di jalan.", photos[0])

    # The session runs out and the patrol is ended at the station meanwhile: the report is late, not wrong.
    app.clear_cookies()
    Patrol.objects.filter(pk=patrol.pk).update(ended_at=timezone.now())
    app.set_offline(False)
    page.wait_for_selector("[data-outbox-count] >> text=Masuk lagi untuk mengirim")
    assert "Masuk lagi untuk mengirim" in page.inner_text("[data-outbox-list]")
    screenshot(page, "01-login-needed")
    assert not Visit.objects.exists()

    login(page, officer)
    eventually(page, lambda: Visit.objects.count() == 1)
    page.wait_for_selector("[data-outbox-count]", state="hidden")
    visit = Visit.objects.get()
    assert visit.summary == "Sesi habis di jalan." and visit.photos.count() == 1


def test_a_second_officer_on_the_same_phone_neither_sees_nor_sends_the_first_ones_queue(
    app, ready, login, live_server, screenshot, officer, other_officer, places, photos, media_root
):
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Milik petugas pertama.", photos[0])

    app.clear_cookies()
    app.set_offline(False)
    login(page, other_officer)
    page.goto(f"{live_server.url}/outbox/")
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    screenshot(page, "01-second-officer-outbox")
    assert page.locator("[data-outbox-count]").is_hidden()
    assert "Milik petugas pertama" not in page.content()
    assert page.evaluate(WAITING) == 0
    kept = page.evaluate("caches.keys()")
    assert f"pages-{officer.pk}" not in kept
    page.click("button:has-text('Kirim sekarang')")
    page.wait_for_timeout(2000)
    assert not Visit.objects.exists()

    open_menu(page)
    page.click("button:has-text('Keluar')")
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    login(page, officer)
    eventually(page, lambda: Visit.objects.count() == 1)
    assert Visit.objects.get().officer == officer


def test_a_report_the_server_refuses_comes_back_as_a_draft_with_its_message(
    app, ready, login, live_server, screenshot, officer, places, photos, media_root
):
    patrol, page = ready
    app.set_offline(True)
    page.goto(form_url(live_server, patrol))
    fill_visit(page, places, summary="Waktunya keliru.")
    # A time the phone cannot judge: before the patrol started.
    page.fill("#id_visited_at", "2026-01-05T08:00")
    page.set_input_files("#photo-gallery", str(photos[0]))
    page.wait_for_selector(f"#photo-list >> text={photos[0].name}")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(OUTBOX_URL)

    app.set_offline(False)
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    assert not Visit.objects.exists()
    page.goto(form_url(live_server, patrol))
    page.wait_for_selector("#draft-restored:not([hidden])")
    screenshot(page, "01-refused-draft")
    assert "Waktu kunjungan tidak boleh sebelum patroli dimulai." in page.inner_text("#draft-errors")
    assert page.input_value("#id_summary") == "Waktunya keliru."
    page.wait_for_selector(f"#photo-list >> text={photos[0].name}")

    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    visit = Visit.objects.get()
    assert visit.summary == "Waktunya keliru." and visit.photos.count() == 1


def test_a_new_worker_takes_over_without_losing_the_queue(app, ready, login, live_server, monkeypatch, officer, places, photos, media_root):
    import offline.views

    patrol, page = ready
    first = page.evaluate("caches.keys()")
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Antre sebelum pembaruan 1.", photos[0])
    queue_visit(page, live_server, patrol, places, "Antre sebelum pembaruan 2.", photos[1])

    # A release: the worker script changes; the server refuses visits for a moment meanwhile.
    worker_script = offline.views.worker_script
    monkeypatch.setattr(offline.views, "worker_script", lambda: worker_script() + "\n// rilis berikutnya\n")
    app.route(re.compile(r"/visits/new/$"), lambda route: route.fulfill(status=503, body="Sedang pemeliharaan"))
    app.set_offline(False)
    page.goto(f"{live_server.url}/outbox/")
    page.evaluate("navigator.serviceWorker.getRegistration().then((registration) => registration.update())")
    page.wait_for_function(
        """(first) => caches.keys().then((names) => names.some((name) => name.startsWith("shell-") && !first.includes(name))
             && !names.some((name) => first.includes(name) && name.startsWith("shell-")))""",
        arg=first,
    )
    assert page.evaluate(WAITING) == 2
    assert not Visit.objects.exists()

    app.unroute(re.compile(r"/visits/new/$"))
    page.click("button:has-text('Kirim sekarang')")
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    assert Visit.objects.count() == 2 and VisitPhoto.objects.count() == 2


def test_ending_a_patrol_with_no_signal_is_queued_with_its_time(app, login, live_server, screenshot, officer, places):
    patrol = make_patrol(officer)
    page = app.new_page()
    login(page, officer)
    page.goto(f"{live_server.url}/patrols/{patrol.pk}/")
    wait_for_worker(page, kept=[f"/patrols/{patrol.pk}/"])
    app.set_offline(True)
    page.reload()
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("button:has-text('Akhiri patroli')")
    page.wait_for_selector(f"[data-patrol-pending='{patrol.pk}'] >> text=Akhir patroli")
    screenshot(page, "01-end-queued")
    tapped = page.evaluate("Date.now()")
    patrol.refresh_from_db()
    assert patrol.ended_at is None

    app.set_offline(False)
    eventually(page, lambda: Patrol.objects.get(pk=patrol.pk).ended_at is not None)
    patrol.refresh_from_db()
    assert abs(patrol.ended_at.timestamp() * 1000 - tapped) < 2 * 60 * 1000


def test_a_queued_report_taken_back_to_a_draft_keeps_its_photos(app, ready, login, live_server, screenshot, officer, places, photos, media_root):
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Lupa menulis aspirasinya.", photos[0])

    page.click("button:has-text('Kembalikan ke draf')")
    page.wait_for_selector("#draft-restored:not([hidden])")
    page.wait_for_selector(f"#photo-list >> text={photos[0].name}")
    screenshot(page, "01-back-to-draft")
    assert page.input_value("#id_summary") == "Lupa menulis aspirasinya."
    page.fill("#id_summary", "Warga minta lampu jalan diperbaiki.")
    page.goto(f"{live_server.url}/outbox/")
    page.wait_for_selector("[data-outbox-empty]:not([hidden])")
    assert page.locator("[data-outbox-count]").is_hidden()

    app.set_offline(False)
    page.goto(form_url(live_server, patrol))
    page.wait_for_selector(f"#photo-list >> text={photos[0].name}")
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    visit = Visit.objects.get()
    assert visit.summary == "Warga minta lampu jalan diperbaiki." and visit.photos.count() == 1


IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"


def test_on_an_iphone_the_officer_is_told_to_add_the_app_to_the_home_screen(browser, app, login, live_server, screenshot, officer):
    iphone = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, has_touch=True, user_agent=IPHONE)
    page = iphone.new_page()
    login(page, officer)
    page.wait_for_selector("#main #ios-install:not([hidden])")
    screenshot(page, "01-iphone-hint")
    assert "Layar Utama" in page.inner_text("#ios-install")
    page.click("#ios-install button")
    page.reload()
    assert page.locator("#ios-install").is_hidden()
    iphone.close()

    android = app.new_page()
    login(android, officer)
    assert android.locator("#ios-install").is_hidden()


def test_a_report_the_server_could_not_take_is_tried_again_by_itself(app, ready, live_server, screenshot, places, photos, media_root):
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Server sibuk sebentar.", photos[0])

    failed = []

    def busy_once(route):
        if failed or route.request.method != "POST":
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=503, body="Sedang pemeliharaan")

    app.route(re.compile(r"/visits/new/$"), busy_once)
    app.set_offline(False)
    page.wait_for_selector("[data-outbox-list] >> text=server tidak menjawab dengan benar")
    screenshot(page, "01-last-error")
    assert not Visit.objects.exists()
    # No tap, no reload: the timer sends it again.
    page.wait_for_selector("[data-outbox-empty]:not([hidden])", timeout=45_000)
    assert Visit.objects.get().summary == "Server sibuk sebentar."


def test_senders_that_wait_on_each_other_try_a_report_once(app, ready, live_server, places, media_root):
    """The page and the worker both send when the signal returns: one tries the report, the others wait for the next try."""
    patrol, page = ready
    app.set_offline(True)
    queue_visit(page, live_server, patrol, places, "Dua pengirim sekaligus.")
    posts = []

    def busy(route):
        if route.request.method == "POST":
            posts.append(bool(route.request.service_worker))
            route.fulfill(status=503, body="Sedang pemeliharaan")
        else:
            route.continue_()

    app.route(re.compile(r"/visits/new/$"), busy)
    user_id = page.evaluate("document.body.dataset.userId")
    # A sending under way holds the outbox's lock (its name is outbox.js's) while the signal returns.
    page.evaluate(
        """(name) => new Promise((granted) => navigator.locks.request(name, () => {
            granted();
            return new Promise((release) => { window.releaseOutbox = release; });
        }))""",
        f"patroli-dialogis-outbox-{user_id}",
    )
    pending = "navigator.locks.query().then((state) => state.pending.length)"
    app.set_offline(False)
    page.wait_for_function(f"() => {pending}.then((n) => n >= 1)")
    app.service_workers[0].evaluate(f"() => {{ self.drained = self.PatroliOutbox.drain('{user_id}'); }}")
    page.wait_for_function(f"() => {pending}.then((n) => n >= 2)")
    page.evaluate("window.releaseOutbox()")
    assert app.service_workers[0].evaluate("self.drained.then((outcome) => outcome.stopped)") == "server"
    page.wait_for_selector("[data-outbox-list] >> text=server tidak menjawab dengan benar")
    page.wait_for_function(f"() => {pending}.then((n) => n === 0)")
    assert len(posts) == 1
    assert not Visit.objects.exists()
