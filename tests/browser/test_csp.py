"""The Content-Security-Policy in Chromium: our pages and the admin's map run without a violation,
map tiles load from the tile server, and an injected inline script does not run."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ..factories import make_aspiration, make_photo, make_sector, make_visit
from ..sekongkang import sekongkang_week
from .csp import violations, watch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_login_and_admin_sector_map_run_without_a_violation(desktop, live_server, admin_user, password):
    page = desktop
    complaints = watch(page)
    sector = make_sector(name="Pasar Tongo")

    page.goto(f"{live_server.url}/accounts/login/")
    assert violations(page, complaints) == []

    page.goto(f"{live_server.url}/admin/sectors/sector/{sector.pk}/change/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector(".point-picker-map .leaflet-tile-loaded")
    page.wait_for_selector(".point-picker-map .leaflet-marker-icon")
    assert violations(page, complaints) == []

    aspiration = make_aspiration(make_visit(officer=admin_user, sector=sector), resident_name="Siti Aminah")
    for path in [
        f"sectors/sector/{sector.pk}/history/",
        "sectors/sector/export/",
        f"patrols/aspiration/{aspiration.pk}/change/",
        f"patrols/aspiration/{aspiration.pk}/history/",
    ]:
        page.goto(f"{live_server.url}/admin/{path}")
        assert page.locator("#content").count() == 1, path
        assert violations(page, complaints) == [], path

    # The export form's "select all" box still works: its one inline handler is allowed by hash.
    page.goto(f"{live_server.url}/admin/sectors/sector/export/")
    chosen = page.locator(".selectable-field-export-row input[type=checkbox]:checked")
    assert chosen.count() > 1
    page.click(".select-toggle")
    assert chosen.count() == 0
    assert violations(page, complaints) == []


def test_the_humas_pages_run_without_a_violation(desktop, live_server, login, humas, officer, other_officer):
    page = desktop
    complaints = watch(page)
    week = sekongkang_week(officer, other_officer, timezone.localdate() - timedelta(days=3))
    aspiration = week.aspirations[0]
    make_photo(aspiration.visit)
    login(page, humas)

    for path in [
        "dashboard/",
        "aspirations/?overdue=on",
        f"aspirations/{aspiration.pk}/",
        f"patrols/{week.patrols[0].pk}/press-release/",
        "reports/weekly/",
    ]:
        page.goto(f"{live_server.url}/{path}")
        assert page.locator("main h1").count() == 1, path
        assert violations(page, complaints) == [], path
    page.goto(f"{live_server.url}/aspirations/{aspiration.pk}/")
    page.wait_for_selector("#aspiration-map .leaflet-tile-loaded")
    page.wait_for_selector("#aspiration-map .pd-sector")
    assert page.locator(".photo-grid img").evaluate("image => image.naturalWidth") == 640
    assert violations(page, complaints) == []


def test_an_injected_inline_script_does_not_run(desktop, live_server):
    page = desktop
    complaints = watch(page)
    page.goto(f"{live_server.url}/accounts/login/")

    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        document.body.append(script);
    }""")

    assert page.evaluate("window.injected") is None
    assert any(v.startswith("script-src") for v in violations(page, complaints))
