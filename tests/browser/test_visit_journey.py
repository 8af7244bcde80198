"""The officer's visit report on a phone (390 × 844, GPS near Sekongkang Bawah), end to end."""

import gzip
import json
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from patrols.models import Aspiration, AspirationUpdate, Visit, VisitPhoto
from tests.factories import make_aspiration, make_category, make_jpeg, make_patrol, make_sector, make_topic, make_visit

from .conftest import ARTIFACTS
from .menu import open_menu
from .offline import wait_for_worker

# serialized_rollback: a transactional test empties every table afterwards,
# the role groups made by a data migration included; this brings them back.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VISIT_URL = re.compile(r"/visits/\d+/$")


@pytest.fixture
def places(db):
    return {
        "near": make_sector(name="Pos Ronda Sebunga", latitude=Decimal("-8.991163"), longitude=Decimal("116.743236")),
        "mosque": make_sector(name="Masjid Nurul Huda", latitude=Decimal("-8.995000"), longitude=Decimal("116.748000")),
        "far": make_sector(name="Pantai Tropical", latitude=Decimal("-9.020000"), longitude=Decimal("116.790000")),
        "category": make_category("Keamanan lingkungan"),
        "roads": make_category("Jalan dan penerangan"),
        "drugs": make_topic("Narkoba"),
        "hoax": make_topic("Hoaks"),
    }


@pytest.fixture
def photo_file(tmp_path):
    path = tmp_path / "IMG_20261128_0932.jpg"
    path.write_bytes(make_jpeg(1200, 900))
    return path


@pytest.fixture(autouse=True)
def no_map_tiles(request):
    """Tiles are the one outside resource: here they always fail, as on a closed network."""
    for name in ("phone", "desktop"):
        if name in request.fixturenames:
            request.getfixturevalue(name).route(re.compile(r"^https?://(?!localhost|127\.0\.0\.1)"), lambda route: route.abort())


def assert_fits_the_phone(page):
    """No sideways scrolling, and every button and field big enough for a thumb."""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "page scrolls sideways"
    small = page.evaluate(
        """() => Array.from(document.querySelectorAll(
              'button, .btn, select, textarea, input:not([type=hidden]):not([type=checkbox]):not([type=radio]):not([type=file])'))
            .filter(el => el.offsetParent !== null && !el.closest('.leaflet-container'))
            .filter(el => el.getBoundingClientRect().height < 40)
            .map(el => el.outerHTML.slice(0, 80))"""
    )
    assert small == [], small


def add_aspiration(page, index, category, description, **extra):
    page.click("#add-aspiration")
    row = page.locator("#aspiration-rows [data-aspiration-row]").nth(index)
    row.locator("select[name$='-category']").select_option(str(category.pk))
    row.locator("textarea[name$='-description']").fill(description)
    if "kind" in extra:
        row.locator("select[name$='-kind']").select_option(extra["kind"])
    if extra.get("anonymous"):
        row.locator("input[name$='-is_anonymous']").check()
    if "name" in extra:
        row.locator("input[name$='-resident_name']").fill(extra["name"])
    return row


def fill_visit(page, places, summary="Dialog dengan warga di pos ronda; situasi aman dan kondusif."):
    page.select_option("#id_sector", str(places["near"].pk))
    page.fill("#id_people_met", "12")
    page.click("label[for=id_situation_1]")
    page.fill("#id_summary", summary)
    page.get_by_label("Narkoba").check()


def test_an_officer_starts_a_patrol_and_files_a_visit(phone, login, live_server, screenshot, officer, other_officer, places, photo_file, media_root):
    login(phone, officer)
    screenshot(phone, "01-home")
    assert_fits_the_phone(phone)

    phone.click("text=Mulai patroli")
    phone.get_by_label("Brigpol Putu Adnyana").check()
    phone.fill("#id_notes", "Rute Sekongkang Bawah – Tongo")
    screenshot(phone, "02-start-patrol")
    assert_fits_the_phone(phone)
    phone.click("button:has-text('Mulai patroli sekarang')")
    phone.wait_for_url(re.compile(r"/patrols/\d+/$"))
    screenshot(phone, "03-patrol-started")

    phone.click("text=Tambah kunjungan")
    phone.wait_for_url(re.compile(r"/visits/new/$"))
    screenshot(phone, "04-visit-form")
    assert_fits_the_phone(phone)

    phone.click("#locate")
    phone.wait_for_selector("#nearest-sectors button")
    assert "Pos Ronda Sebunga" in phone.inner_text("#nearest-sectors button >> nth=0")
    assert "ketelitian ± 15 m" in phone.inner_text("#location-status")
    screenshot(phone, "05-nearest-sectors")
    phone.click("#nearest-sectors button >> nth=0")
    assert phone.input_value("#id_sector") == str(places["near"].pk)
    phone.wait_for_selector("#open-aspirations >> text=Tidak ada aspirasi yang masih terbuka")

    phone.fill("#sector-filter", "pantai")
    assert sorted(phone.locator("#id_sector option").all_inner_texts()[1:]) == ["Pantai Tropical", "Pos Ronda Sebunga"]
    phone.fill("#sector-filter", "")

    fill_visit(phone, places)
    phone.get_by_label("Ada potensi konflik sosial").check()
    phone.fill("#id_early_warning_note", "Sengketa batas kebun antara dua keluarga.")
    add_aspiration(phone, 0, places["roads"], "Lampu jalan di tikungan mati sejak seminggu.", kind="keluhan", name="Siti Aminah")
    add_aspiration(phone, 1, places["category"], "Ada transaksi mencurigakan di warung malam hari.", anonymous=True)
    assert phone.locator("#aspiration-rows [data-aspiration-row]").nth(1).locator("[data-identity]").is_hidden()
    phone.set_input_files("#photo-gallery", str(photo_file))
    phone.wait_for_selector("#photo-list >> text=IMG_20261128_0932.jpg")
    screenshot(phone, "06-visit-filled")
    assert_fits_the_phone(phone)

    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    screenshot(phone, "07-visit-saved")
    assert_fits_the_phone(phone)
    body = phone.inner_text("main")
    assert "Laporan kunjungan tersimpan." in body
    assert "Lampu jalan di tikungan" in body and "Warga: anonim" in body and "Siti Aminah" in body
    assert phone.evaluate("document.querySelector('.photo-grid img').naturalWidth") == 1200

    visit = Visit.objects.get()
    assert visit.sector == places["near"] and visit.situation == "waspada" and visit.early_warning
    assert visit.latitude == Decimal("-8.991200") and visit.accuracy_m == 15
    assert visit.aspirations.count() == 2 and visit.photos.count() == 1
    assert list(visit.appeals.all()) == [places["drugs"]]

    phone.click("text=← Patroli")
    phone.wait_for_selector("#patrol-map .leaflet-interactive")
    screenshot(phone, "08-patrol-with-visit")
    assert_fits_the_phone(phone)
    assert "Pos Ronda Sebunga" in phone.inner_text("main")
    assert phone.locator("#patrol-map .stop-number").count() == 1

    phone.goto(f"{live_server.url}/")
    screenshot(phone, "09-home-patrol-under-way")
    assert_fits_the_phone(phone)
    assert "Lampu jalan di tikungan" in phone.inner_text("main")

    phone.goto(f"{live_server.url}/patrols/{visit.patrol.pk}/")
    phone.once("dialog", lambda dialog: dialog.accept())
    phone.click("button:has-text('Akhiri patroli')")
    phone.wait_for_selector("text=Patroli selesai. Terima kasih.")
    screenshot(phone, "10-patrol-ended")
    visit.patrol.refresh_from_db()
    assert not visit.patrol.is_under_way

    open_menu(phone)
    phone.click("text=Patroli saya >> nth=0")
    phone.wait_for_url(re.compile(r"/patrols/$"))
    screenshot(phone, "11-patrol-list")
    assert_fits_the_phone(phone)


def test_the_officer_answers_what_is_still_open_here(phone, login, live_server, screenshot, officer, other_officer, places):
    earlier = make_visit(make_patrol(other_officer), sector=places["near"])
    asked = make_aspiration(
        earlier, description="Lampu jalan di gang masjid mati.", resident_name="Siti Aminah", resident_phone="081200005678"
    )
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    fill_visit(phone, places)
    phone.wait_for_selector("#open-aspirations >> text=Lampu jalan di gang masjid mati.")
    assert "S. A. · nomor HP tercatat" in phone.inner_text("#open-aspirations")
    assert "0812" not in phone.content() and "5678" not in phone.content()
    assert "Siti Aminah" not in phone.content()
    phone.get_by_label("Tanggapan disampaikan ke warga").check()
    phone.fill(f"#id_respond-{asked.pk}-note", "Sudah dilaporkan ke kantor desa.")
    screenshot(phone, "01-open-aspirations")
    assert_fits_the_phone(phone)
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    update = AspirationUpdate.objects.get()
    assert update.aspiration == asked and update.feedback_delivered
    assert update.note == "Sudah dilaporkan ke kantor desa."


def test_a_missing_field_keeps_everything_typed(phone, login, live_server, screenshot, officer, places, photo_file, media_root):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    fill_visit(phone, places, summary="")
    add_aspiration(phone, 0, places["roads"], "Jalan berlubang depan SD.", name="Pak Made")
    add_aspiration(phone, 1, places["category"], "Minta ronda malam dihidupkan lagi.", kind="masukan")
    phone.set_input_files("#photo-gallery", str(photo_file))
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_selector("#form-errors")
    screenshot(phone, "01-missing-summary")
    assert_fits_the_phone(phone)

    assert "Tuliskan ringkasan hasil dialog." in phone.inner_text("main")
    assert "Pilih fotonya lagi" in phone.inner_text("#photos")
    assert phone.input_value("#id_sector") == str(places["near"].pk)
    assert phone.input_value("#id_people_met") == "12"
    assert phone.is_checked("#id_situation_1")
    assert phone.get_by_label("Narkoba").is_checked()
    rows = phone.locator("#aspiration-rows [data-aspiration-row]")
    assert rows.count() == 2
    assert rows.nth(0).locator("textarea").input_value() == "Jalan berlubang depan SD."
    assert rows.nth(0).locator("input[name$='-resident_name']").input_value() == "Pak Made"
    assert rows.nth(1).locator("select[name$='-kind']").input_value() == "masukan"
    assert not Visit.objects.exists()

    phone.fill("#id_summary", "Warga menyampaikan dua hal.")
    phone.set_input_files("#photo-gallery", str(photo_file))
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    assert Visit.objects.get().aspirations.count() == 2 and VisitPhoto.objects.count() == 1


def test_a_removed_row_can_be_brought_back(phone, login, live_server, screenshot, officer, places):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    fill_visit(phone, places)
    row = add_aspiration(phone, 0, places["roads"], "Dihapus lalu diurungkan.")
    add_aspiration(phone, 1, places["roads"], "Dihapus.")
    phone.locator("#aspiration-rows [data-aspiration-row]").nth(1).locator("[data-remove]").click()
    row.locator("[data-remove]").click()
    screenshot(phone, "01-rows-removed")
    row.locator("[data-undo]").click()
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    assert [a.description for a in Aspiration.objects.all()] == ["Dihapus lalu diurungkan."]


def test_a_double_tap_files_one_visit(phone, login, live_server, officer, places):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    fill_visit(phone, places)
    phone.dblclick("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    phone.wait_for_load_state("networkidle")
    assert Visit.objects.count() == 1


def test_a_reload_restores_the_draft(phone, login, live_server, screenshot, officer, places):
    patrol = make_patrol(officer)
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    phone.goto(url)
    uuid = phone.input_value("#id_client_uuid")
    fill_visit(phone, places, summary="Belum terkirim.")
    add_aspiration(phone, 0, places["roads"], "Baris yang tidak boleh hilang.")
    phone.goto(url)
    phone.wait_for_selector("#draft-restored:not([hidden])")
    screenshot(phone, "01-draft-restored")
    assert phone.input_value("#id_client_uuid") == uuid
    assert phone.input_value("#id_summary") == "Belum terkirim."
    assert phone.locator("#aspiration-rows textarea").input_value() == "Baris yang tidak boleh hilang."

    # Typed just before: its save is still pending when the draft is discarded, and must not bring it back.
    phone.fill("#id_summary", "Diketik lalu dibuang.")
    # The form opens again, empty, once the draft's photos are gone from the outbox.
    with phone.expect_navigation():
        phone.click("#draft-discard")
    expect(phone.locator("#id_summary")).to_have_value("")
    expect(phone.locator("#id_client_uuid")).not_to_have_value(uuid)
    assert phone.locator("#draft-restored").is_hidden()
    phone.reload()
    expect(phone.locator("#id_summary")).to_have_value("")
    assert phone.locator("#draft-restored").is_hidden()


def test_a_lost_response_and_a_resend_file_one_visit(phone, login, live_server, screenshot, officer, places):
    """The server saved the visit but the phone never heard back; the outbox sends it again and finds that visit."""
    patrol = make_patrol(officer)
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"

    def lose_the_answer(route):
        if route.request.method == "POST":
            route.fetch(max_redirects=0)
            route.abort("internetdisconnected")
        else:
            route.continue_()

    phone.route(url, lose_the_answer)
    phone.goto(url)
    wait_for_worker(phone)
    fill_visit(phone, places)
    add_aspiration(phone, 0, places["roads"], "Satu kali saja.")
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(re.compile(r"/outbox/$"))
    phone.wait_for_selector("[data-outbox-list] li")
    assert Visit.objects.count() == 1

    phone.unroute(url)
    phone.click("button:has-text('Kirim sekarang')")
    phone.wait_for_selector("[data-outbox-empty]:not([hidden])")
    screenshot(phone, "01-found-the-saved-visit")
    assert Visit.objects.count() == 1 and Aspiration.objects.count() == 1
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('patroli-dialogis:draft:')).length") == 0


def test_without_signal_the_report_waits_on_the_phone(phone, login, live_server, screenshot, officer, places):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    wait_for_worker(phone, kept=["/outbox/"])
    fill_visit(phone, places)
    phone.context.set_offline(True)
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(re.compile(r"/outbox/$"))
    phone.wait_for_selector("[data-outbox-list] li")
    screenshot(phone, "01-offline")
    assert "Menunggu sinyal" in phone.inner_text("[data-outbox-list]")
    assert phone.inner_text("[data-outbox-count]") == "1 laporan menunggu sinyal"
    assert not Visit.objects.exists()
    phone.context.set_offline(False)
    phone.wait_for_selector("[data-outbox-empty]:not([hidden])")
    assert Visit.objects.count() == 1
    assert phone.locator("[data-outbox-count]").is_hidden()


def test_the_edit_form_on_a_phone(phone, login, live_server, screenshot, officer, places, photo_file, media_root):
    patrol = make_patrol(officer)
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    fill_visit(phone, places)
    add_aspiration(phone, 0, places["roads"], "Perlu diperjelas.")
    phone.set_input_files("#photo-gallery", str(photo_file))
    phone.click("button:has-text('Kirim laporan')")
    phone.wait_for_url(VISIT_URL)
    phone.click("text=Ubah laporan")
    phone.wait_for_url(re.compile(r"/edit/$"))
    screenshot(phone, "01-edit-form")
    assert_fits_the_phone(phone)
    phone.locator("#aspiration-rows textarea").fill("Sudah diperjelas.")
    phone.click("button:has-text('Simpan perubahan')")
    phone.wait_for_url(VISIT_URL)
    assert Aspiration.objects.get().description == "Sudah diperjelas."


def test_first_load_weight_of_the_visit_form(browser, live_server, login, officer, places):
    """Bytes a phone downloads, compressed, to open the visit form with an empty cache.

    With about as many sectors, topics and categories as the kecamatan will have.
    """
    for n in range(60):
        make_sector(name=f"Sektor uji {n}", latitude=Decimal("-8.98") - Decimal(n) / 1000, longitude=Decimal("116.75"))
    for n in range(10):
        make_topic(f"Imbauan uji {n}")
        make_category(f"Kategori uji {n}")
    patrol = make_patrol(officer)
    options = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "locale": "id-ID"}
    warm = browser.new_context(**options)
    login(warm.new_page(), officer)
    cold = browser.new_context(**options, storage_state=warm.storage_state())
    warm.close()
    page = cold.new_page()
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{live_server.url}/patrols/{patrol.pk}/visits/new/")
    page.wait_for_load_state("networkidle")

    files = []
    for response in responses:
        body = response.body()
        files.append({"url": response.url.replace(live_server.url, ""), "bytes": len(body), "gzip": len(gzip.compress(body, 6))})
    cold.close()
    weight = {"files": files, "bytes": sum(f["bytes"] for f in files), "gzip": sum(f["gzip"] for f in files)}
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "visit-form-weight.json").write_text(json.dumps(weight, indent=2))
    print(f"\nvisit form, first load: {len(files)} files, {weight['bytes']} bytes, {weight['gzip']} bytes gzip")
    assert weight["gzip"] < 100_000
