"""The map page on a closed network: markers, layer switches, popups as text, the panel on a phone."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from patrols.models import Aspiration
from sectors.models import District, Sector, Village

from ..factories import make_aspiration, make_sector, make_village, make_visit
from .offline import block_outside_requests

# See test_admin_picker: the live server writes what the test reads, and the role groups survive.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

HOSTILE = "<img src=x onerror=alert(1)>"
SECTOR_MARKERS = ".leaflet-marker-pane .pd-sector"
ASPIRATION_BADGES = ".leaflet-marker-pane .pd-aspirations"


@pytest.fixture
def places(officer):
    """Three active sectors around the map's centre, one named to break out of the page, and a closed one."""
    tongo = make_village(name="Tongo", label_latitude=Decimal("-8.999592"), label_longitude=Decimal("116.808491"))
    hostile = make_sector(
        name=HOSTILE, kind=Sector.Kind.BUSINESS, village=tongo, latitude=Decimal("-8.985"), longitude=Decimal("116.79")
    )
    visited = make_sector(name="Pos Ronda Tongo", village=tongo, latitude=Decimal("-8.99"), longitude=Decimal("116.81"))
    make_sector(
        name="Puskesmas Tongo",
        kind=Sector.Kind.PUBLIC_FACILITY,
        village=tongo,
        latitude=Decimal("-9.001"),
        longitude=Decimal("116.8075"),
    )
    make_sector(name="Pos lama", village=tongo, is_active=False, latitude=Decimal("-8.98"), longitude=Decimal("116.8"))
    visit = make_visit(
        officer=officer, sector=visited, latitude=Decimal("-8.990010"), longitude=Decimal("116.810020")
    )
    make_aspiration(visit, urgency=Aspiration.Urgency.MENDESAK)
    old_visit = make_visit(officer=officer, sector=hostile, visited_at=timezone.now() - timedelta(days=45))
    make_aspiration(old_visit, due_date=timezone.localdate() - timedelta(days=30))
    return hostile


def open_map(page, live_server, login, user):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    blocked = block_outside_requests(page)
    login(page, user)
    page.goto(f"{live_server.url}/map/")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(3)
    return dialogs, blocked


def test_the_map_works_offline_on_a_desktop(desktop, live_server, login, humas, places, screenshot):
    page = desktop
    dialogs, blocked = open_map(page, live_server, login, humas)
    expect(page.locator(ASPIRATION_BADGES)).to_have_count(2)
    expect(page.locator(".pd-village-label")).to_have_text("Tongo")
    expect(page.locator("#map-status")).to_be_hidden()
    screenshot(page, "1-map")

    tiles = [request for request in blocked if "tile.openstreetmap.org" in request.url]
    assert tiles, "the map asks for tiles, and goes on without them"
    assert tiles[0].headers.get("referer") == f"{live_server.url}/"

    page.uncheck("#layer-sectors")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(0)
    page.check("#layer-sectors")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(3)

    page.select_option("#aspirations-status", "selesai")
    expect(page.locator(ASPIRATION_BADGES)).to_have_count(0)
    page.select_option("#aspirations-status", "")
    expect(page.locator(ASPIRATION_BADGES)).to_have_count(2)
    page.fill("#aspirations-since", (timezone.localdate() + timedelta(days=1)).isoformat())
    page.fill("#aspirations-until", timezone.localdate().isoformat())
    expect(page.locator("#map-status")).to_have_text(
        "Lapisan aspirasi gagal dimuat: Tanggal awal tidak boleh sesudah tanggal akhir."
    )
    page.fill("#aspirations-since", "")
    expect(page.locator("#map-status")).to_be_hidden()

    page.check("#layer-visits")
    expect(page.locator(".leaflet-overlay-pane .pd-visit")).to_have_count(1)

    page.get_by_title(HOSTILE, exact=True).click()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(HOSTILE)
    expect(popup).to_contain_text("Tempat usaha")
    expect(popup).to_contain_text("Dikunjungi 45 hari lalu")
    expect(popup.get_by_role("link", name=f"Aspirasi #{Aspiration.objects.get(visit__sector=places).pk}")).to_be_visible()
    # Time for an <img onerror> to fire, had the name been parsed as HTML.
    page.wait_for_timeout(300)
    assert page.locator(".leaflet-popup-content img, .leaflet-marker-pane img").count() == 0
    assert dialogs == []
    screenshot(page, "2-popup")

    page.get_by_title("Pos Ronda Tongo: 1 aspirasi sesuai filter").dispatch_event("click")
    review_list = page.locator(".leaflet-popup-content").get_by_role("link", name="Lihat di daftar aspirasi")
    visited = Sector.objects.get(name="Pos Ronda Tongo")
    # The date left in "until" above narrows the list as it narrows the layer.
    until = timezone.localdate().isoformat()
    expect(review_list).to_have_attribute("href", f"/aspirations/?sector={visited.pk}&created_before={until}")


def test_an_officer_plans_a_route_on_a_phone(phone, live_server, login, officer, places, screenshot):
    page = phone
    dialogs, _ = open_map(page, live_server, login, officer)
    screenshot(page, "1-map")

    page.get_by_role("button", name="Lapisan & sektor").click()
    # "show" comes once the sheet has slid up ("showing" while it moves).
    expect(page.locator("#map-panel")).to_have_class(re.compile(r"\bshow\b"))
    unvisited = page.locator("#unvisited-list li")
    expect(unvisited).to_have_count(2)
    expect(unvisited.first).to_contain_text(HOSTILE)
    expect(page.locator("#unvisited-summary")).to_contain_text("2 terdekat dari 2 sektor")
    screenshot(page, "2-panel")

    unvisited.first.get_by_role("button").click()
    expect(page.locator("#map-panel")).not_to_be_visible()
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(HOSTILE)
    expect(popup).to_contain_text("Aspirasi terbuka: 1")
    expect(popup.get_by_role("link", name=re.compile("Aspirasi"))).to_have_count(0)
    assert page.locator(".leaflet-popup-content img, #unvisited-list img").count() == 0
    assert dialogs == []
    screenshot(page, "3-popup")


def test_imported_boundaries_are_drawn_under_the_markers(desktop, live_server, login, admin_user, places, screenshot):
    square = [[[116.77, -9.02], [116.83, -9.02], [116.83, -8.97], [116.77, -8.97], [116.77, -9.02]]]
    District.objects.update(boundary={"type": "MultiPolygon", "coordinates": [square]})
    Village.objects.update(boundary={"type": "Polygon", "coordinates": square})
    page = desktop
    dialogs, _ = open_map(page, live_server, login, admin_user)

    expect(page.locator(".leaflet-districts-pane path")).to_have_count(1)
    expect(page.locator(".leaflet-villages-pane path")).to_have_count(1)
    assert page.locator(".leaflet-districts-pane path").get_attribute("stroke-dasharray") is None
    expect(page.locator(".pd-village-label")).to_have_text("Tongo")
    page.uncheck("#layer-villages")
    expect(page.locator(".leaflet-villages-pane path")).to_have_count(0)
    assert dialogs == []
    screenshot(page, "1-map")
