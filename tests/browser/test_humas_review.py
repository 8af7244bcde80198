"""The Kasi Humas at a desktop: review an overdue aspiration, forward it, see it reported."""

from datetime import timedelta

import pytest
from django.utils import timezone

from patrols.models import Aspiration

from ..sekongkang import sekongkang_week

# serialized_rollback brings back the role groups made by migrations, which a
# transactional test would otherwise flush away for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TILES = "https://tile.openstreetmap.org/**"


@pytest.fixture
def week(officer, other_officer):
    """The patrols of three weeks ago: every aspiration recorded then is overdue by now."""
    today = timezone.localdate()
    tuesday = today - timedelta(days=today.weekday() + 20)
    return sekongkang_week(officer, other_officer, tuesday)


@pytest.fixture
def page(desktop):
    # No map tiles in the test: the map must still show its markers.
    desktop.route(TILES, lambda route: route.abort())
    return desktop


def test_humas_forwards_an_overdue_aspiration_to_dinas_pupr(page, live_server, login, screenshot, humas, week):
    road = next(a for a in week.aspirations if a.category.name == "Lalu lintas & jalan")
    Aspiration.objects.filter(pk=road.pk).update(status=Aspiration.Status.DIVERIFIKASI)
    login(page, humas)

    page.goto(f"{live_server.url}/aspirations/")
    page.check("#id_overdue")
    page.get_by_role("button", name="Terapkan").click()
    page.wait_for_url("**/aspirations/?*overdue=on*")
    assert page.locator("tr.row-overdue").count() == len(week.aspirations)
    assert page.get_by_text("Siti Aminah").count() == 0, "full names stay off the list"
    screenshot(page, "1-list-overdue")

    # Bulk assignment: its CSRF token sits outside the list, which is the same for every reader.
    rows = page.locator('input[name="aspirations"]')
    rows.nth(0).check()
    rows.nth(1).check()
    page.locator('#bulk-assign select[name="assignee"]').select_option(label=humas.display_name)
    page.get_by_role("button", name="Tugaskan", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_text(f"2 aspirasi ditugaskan kepada {humas.display_name}.").is_visible()
    assert Aspiration.objects.filter(assignee=humas).count() == 2

    page.get_by_role("link", name=f"#{road.pk}", exact=True).click()
    page.wait_for_url(f"**/aspirations/{road.pk}/")
    assert page.locator(".card-overdue").count() == 1
    page.locator("#aspiration-map .pd-sector").wait_for()
    screenshot(page, "2-detail-before")

    page.select_option("#id_status", "diteruskan")
    page.fill("#id_forwarded_to", "Dinas PUPR")
    page.fill("#id_note", "Surat permohonan perbaikan jalan dikirim ke Dinas PUPR KSB.")
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    page.wait_for_url(f"**/aspirations/{road.pk}/")

    assert page.get_by_role("alert").filter(has_text="Tindak lanjut tersimpan").is_visible()
    timeline = page.locator(".timeline")
    assert timeline.get_by_text("Diteruskan ke Dinas PUPR.").is_visible()
    assert timeline.locator(".status-diteruskan").is_visible()
    screenshot(page, "3-detail-forwarded")

    page.get_by_role("link", name="Dasbor").click()
    page.wait_for_url("**/dashboard/")
    recent = page.locator(".recent-updates")
    assert recent.get_by_text(f"#{road.pk}").is_visible()
    assert recent.get_by_text("Diteruskan ke Dinas PUPR.").is_visible()
    assert page.get_by_role("cell", name="Dinas PUPR", exact=True).is_visible()
    screenshot(page, "4-dashboard")
    page.emulate_media(media="print")
    screenshot(page, "5-dashboard-print")


def test_press_release_and_weekly_report_read_well(page, live_server, login, screenshot, humas, week):
    login(page, humas)
    page.goto(f"{live_server.url}/patrols/{week.patrols[0].pk}/press-release/")
    draft = page.locator("#press-draft")
    assert draft.input_value().startswith("Polsek Sekongkang Gelar Patroli Dialogis")
    screenshot(page, "0-press-release-draft")
    draft.fill(draft.input_value().replace("[pangkat dan nama Kasi Humas]", "Iptu Lalu Hamdani"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page.get_by_role("button", name="Salin ke papan klip").click()
    page.get_by_role("status").filter(has_text="Tersalin").wait_for()
    assert "Iptu Lalu Hamdani" in page.evaluate("navigator.clipboard.readText()")
    screenshot(page, "1-press-release")
    page.emulate_media(media="print")
    assert page.locator("#press-print").get_by_text("Iptu Lalu Hamdani").first.is_visible()
    screenshot(page, "2-press-release-print")

    page.emulate_media(media="screen")
    year, number, _ = timezone.localtime(week.patrols[0].started_at).isocalendar()
    page.goto(f"{live_server.url}/reports/weekly/?week={year}-W{number:02d}")
    assert page.get_by_role("heading", name="Laporan mingguan patroli dialogis").is_visible()
    screenshot(page, "3-weekly-report")
    page.emulate_media(media="print")
    screenshot(page, "4-weekly-report-print")
