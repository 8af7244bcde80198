"""Humas of the Polres follows both its Polsek: the review list, narrowed to one Polsek's desa, its exports, the
weekly report, the dashboard and the map; Humas of one Polsek sees only its own."""

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


def download_csv(page, button):
    with page.expect_download() as download:
        page.get_by_role("button", name=button, exact=True).click()
    return download.value.path().read_text(encoding="utf-8-sig")


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

    # The export takes the list's filters: one Polsek's desa, then both.
    narrowed = download_csv(page, "Ekspor CSV")
    assert narrowed.count(f"Lampu jalan {b.word}") == len(b.aspirations)
    assert a.word not in narrowed
    page.goto(f"{live_server.url}/aspirations/")
    both = download_csv(page, "Ekspor CSV")
    for polsek in (a, b):
        assert both.count(f"Lampu jalan {polsek.word}") == len(polsek.aspirations)
    with page.expect_download() as excel:
        page.get_by_role("button", name="Ekspor Excel").click()
    assert excel.value.suggested_filename.endswith(".xlsx")

    page.goto(f"{live_server.url}/reports/weekly/")
    for polsek in (a, b):
        expect(page.get_by_role("cell", name=f"Dinas {polsek.word}", exact=True)).to_be_visible()
    screenshot(page, "2-weekly-both")

    page.goto(f"{live_server.url}/dashboard/")
    for polsek in (a, b):
        expect(page.get_by_text(f"Gudang Sepi {polsek.word}")).to_be_visible()
    screenshot(page, "3-dashboard-both")

    page.goto(f"{live_server.url}/map/")
    expect(page.locator(SECTOR_MARKERS)).to_have_count(len(a.sectors) + len(b.sectors))
    screenshot(page, "4-map-both")


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
