"""Humas of the Polres follows both its Polsek: the review list, narrowed to one Polsek's desa, the dashboard
and the map; Humas of one Polsek sees only its own."""

import pytest
from playwright.sync_api import expect

from ..two_polsek import build_two_polsek

# serialized_rollback brings back the role groups and default units made by migrations.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TILES = "https://tile.openstreetmap.org/**"
SECTOR_MARKERS = ".leaflet-marker-pane .pd-sector"


@pytest.fixture
def page(browser, live_server, server_at_rest):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    page = context.new_page()
    page.route(TILES, lambda route: route.abort())
    yield page
    context.close()


def test_the_polres_humas_walks_across_both_polsek(page, live_server, login, screenshot):
    world = build_two_polsek()
    a, b = world.a, world.b
    login(page, world.polres_humas)

    page.goto(f"{live_server.url}/aspirations/")
    expect(page.locator(".navbar-brand")).to_contain_text("Polres Uji")
    for polsek in (a, b):
        expect(page.get_by_text(f"Lampu jalan {polsek.word}")).to_have_count(len(polsek.aspirations))
    screenshot(page, "1-review-both")

    page.locator("#id_village").select_option(label=f"Desa {b.word}")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/aspirations/?*village=*")
    expect(page.get_by_text(f"Lampu jalan {b.word}")).to_have_count(len(b.aspirations))
    expect(page.get_by_text(f"Lampu jalan {a.word}")).to_have_count(0)

    page.goto(f"{live_server.url}/dashboard/")
    for polsek in (a, b):
        expect(page.get_by_text(f"Gudang Sepi {polsek.word}")).to_be_visible()
    screenshot(page, "2-dashboard-both")

    page.goto(f"{live_server.url}/map/")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(len(a.sectors) + len(b.sectors))
    screenshot(page, "3-map-both")


def test_a_polsek_humas_sees_only_its_own(page, live_server, login, screenshot):
    world = build_two_polsek()
    login(page, world.a.humas)

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator(".navbar-brand")).to_contain_text(f"Polsek {world.a.word}")
    expect(page.get_by_text(f"Gudang Sepi {world.a.word}")).to_be_visible()
    expect(page.get_by_text(world.b.word)).to_have_count(0)
    screenshot(page, "dashboard-own")

    page.goto(f"{live_server.url}/map/")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(len(world.a.sectors))
    screenshot(page, "map-own")
