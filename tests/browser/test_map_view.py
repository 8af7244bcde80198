"""The map's first view and the officer's map: every sector in sight at both screen sizes, "Lokasi
saya", the sectors waiting for a visit nearest the officer first, and the visit form from a popup."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.seed import seed_places
from sectors.models import Sector

from ..factories import make_patrol, make_visit
from .offline import block_outside_requests

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SECTOR_MARKERS = ".leaflet-marker-pane .pd-sector"
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 360, "height": 780}}
# At the mosque of Talonang Baru, in the far south-east of the kecamatan.
TALONANG_BARU = {"latitude": -9.071, "longitude": 117.0065, "accuracy": 12}
MOSQUE = "Masjid Jami' Desa Talonang Baru"


@pytest.fixture
def kecamatan(officer):
    """The demo kecamatan's desa and sectors, and an early warning at Talonang Baru."""
    seed_places()
    lomar_lempo = Sector.objects.get(name="Permukiman Lomar Lempo")
    make_visit(
        make_patrol(officer, started_at=timezone.now() - timedelta(days=3)),
        sector=lomar_lempo,
        visited_at=timezone.now() - timedelta(days=3),
        situation="waspada",
        early_warning=True,
        early_warning_note="Perselisihan batas lahan garapan.",
    )
    # The demo places three Polsek; the officer and Humas of these tests serve in Sekongkang's and see its sectors.
    return Sector.objects.filter(is_active=True, latitude__isnull=False, village__district__unit=officer.unit).count()


def open_map(browser, live_server, login, user, size, **options):
    context = browser.new_context(viewport=SIZES[size], locale="id-ID", is_mobile=size == "phone", **options)
    page = context.new_page()
    block_outside_requests(page)
    login(page, user)
    page.goto(f"{live_server.url}/map/")
    return context, page


def box(page, selector):
    return page.locator(selector).bounding_box()


def centre(rect):
    return rect["x"] + rect["width"] / 2, rect["y"] + rect["height"] / 2


def inside(rect, point):
    x, y = point
    return rect["x"] <= x <= rect["x"] + rect["width"] and rect["y"] <= y <= rect["y"] + rect["height"]


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_the_first_view_shows_every_active_sector_where_nothing_covers_it(
    browser, live_server, login, humas, kecamatan, size, screenshot
):
    context, page = open_map(browser, live_server, login, humas, size)
    markers = page.locator(SECTOR_MARKERS)
    expect(markers).to_have_count(kecamatan)
    page.wait_for_timeout(300)

    area = box(page, "#map")
    covering = [box(page, ".map-panel-toggle")] if size == "phone" else []
    if size == "desktop":
        assert box(page, "#map-panel")["x"] >= area["x"] + area["width"], "the panel sits beside the map"
    outside = []
    for index in range(kecamatan):
        marker = markers.nth(index)
        point = centre(marker.bounding_box())
        if not inside(area, point) or any(inside(rect, point) for rect in covering):
            outside.append(marker.get_attribute("title"))
    screenshot(page, f"1-{size}")
    context.close()
    assert outside == []


def test_an_officer_finds_himself_and_opens_the_visit_form_at_the_nearest_waiting_sector(
    browser, live_server, login, officer, kecamatan, screenshot
):
    patrol = make_patrol(officer)
    context, page = open_map(
        browser, live_server, login, officer, "phone", geolocation=TALONANG_BARU, permissions=["geolocation"]
    )
    expect(page.locator(SECTOR_MARKERS)).to_have_count(kecamatan)
    locate = page.get_by_role("button", name="Lokasi saya")
    expect(locate).to_be_visible()
    locate.click()
    expect(page.locator(".leaflet-marker-pane .pd-me")).to_have_count(1)
    expect(page.locator(".pd-me")).to_have_attribute("title", "Lokasi Anda (± 12 m)")
    screenshot(page, "1-located")

    page.get_by_role("button", name="Lapisan & sektor").click()
    expect(page.locator("#map-panel")).to_have_class(re.compile(r"\bshow\b"))
    expect(page.locator("#unvisited-summary")).to_contain_text("diurutkan dari lokasi Anda")
    first = page.locator("#unvisited-list li").first
    expect(first).to_contain_text(MOSQUE)
    expect(first).to_contain_text("Talonang Baru · 0 km")
    # Talonang Baru's others follow; Lomar Lempo was visited three days ago and waits for nobody.
    expect(page.locator("#unvisited-list li").nth(1)).to_contain_text("Talonang Baru")
    expect(page.locator("#unvisited-list")).not_to_contain_text("Lomar Lempo")
    screenshot(page, "2-nearest")

    first.get_by_role("button").click()
    action = page.locator(".leaflet-popup-content").get_by_role("link", name="Catat kunjungan di sini")
    expect(action).to_be_visible()
    screenshot(page, "3-popup")
    action.click()
    page.wait_for_url(f"**/patrols/{patrol.pk}/visits/new/?sector=*")
    sector = Sector.objects.get(name=MOSQUE)
    expect(page.locator("#id_sector")).to_have_value(str(sector.pk))
    screenshot(page, "4-visit-form")
    context.close()


def test_without_a_position_the_list_goes_from_the_map_centre_and_humas_gets_no_visit_action(
    browser, live_server, login, humas, kecamatan
):
    context, page = open_map(browser, live_server, login, humas, "desktop")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(kecamatan)
    expect(page.locator("#unvisited-summary")).to_contain_text("diurutkan dari tengah peta")
    page.locator("#unvisited-list li").first.get_by_role("button").click()
    expect(page.locator(".leaflet-popup-content")).to_be_visible()
    expect(page.locator(".leaflet-popup-content").get_by_role("link", name="Catat kunjungan di sini")).to_have_count(0)
    context.close()
