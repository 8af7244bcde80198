"""Early warnings in the browser: Humas acknowledges and closes one at a desk, the officer reads his on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone

from early_warnings.models import EarlyWarning

from ..factories import make_patrol, make_warning

# serialized_rollback brings back the role groups made by migrations, which a
# transactional test would otherwise flush away for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

NOTE = "Ketegangan antarpemuda Dusun Pantai dan Dusun Tongo setelah laga sepak bola; ada ajakan saling serang."


@pytest.fixture
def warnings(officer):
    """An escalated warning the officer raised seven hours ago, and a newer one."""
    patrol = make_patrol(officer)
    escalated = make_warning(patrol, note=NOTE)
    EarlyWarning.objects.filter(pk=escalated.pk).update(created_at=timezone.now() - timedelta(hours=7))
    newer = make_warning(patrol, note="Rencana aksi massa di kantor camat tanpa surat pemberitahuan.")
    return escalated, newer


def test_humas_acknowledges_and_closes_a_warning(desktop, live_server, login, screenshot, humas, warnings):
    page = desktop
    # The Kasi Humas's screen.
    page.set_viewport_size({"width": 1366, "height": 900})
    escalated, newer = warnings
    login(page, humas)

    page.goto(f"{live_server.url}/dashboard/")
    card = page.locator('a.stat[href="/warnings/"]')
    assert card.locator(".stat-value").inner_text() == "2"
    screenshot(page, "1-dashboard")
    card.click()
    page.wait_for_url("**/warnings/")
    rows = page.locator(".warning-list > li")
    assert rows.count() == 2
    assert "Eskalasi" in rows.first.inner_text() and "Dusun Pantai" in rows.first.inner_text()
    screenshot(page, "2-list")

    rows.first.get_by_role("link").click()
    page.wait_for_url(f"**/warnings/{escalated.pk}/")
    # Only the steps that fit a new warning are offered; the outcome shows only for closing.
    assert page.get_by_label("Hasil", exact=True).is_hidden()
    screenshot(page, "3-detail-new")
    page.get_by_label("Akui: peringatan sudah diterima").check()
    page.get_by_label("Catatan", exact=True).fill("Diteruskan kepada Kapolsek; Bhabinkamtibmas Tongo diminta memantau.")
    page.get_by_role("button", name="Simpan langkah").click()
    page.wait_for_load_state()
    assert page.get_by_text("Langkah tersimpan.").is_visible()

    page.get_by_label("Tutup dengan hasil").check()
    assert page.get_by_label("Hasil", exact=True).is_visible()
    page.get_by_role("button", name="Simpan langkah").click()
    page.wait_for_load_state()
    assert page.get_by_text("Pilih hasil penanganan peringatan dini ini.").is_visible()
    page.get_by_label("Tutup dengan hasil").check()
    page.get_by_label("Hasil", exact=True).select_option(label="Reda / tertangani")
    page.get_by_label("Catatan", exact=True).fill("Mediasi di kantor desa bersama tokoh pemuda; kedua pihak sepakat berdamai.")
    page.get_by_role("button", name="Simpan langkah").click()
    page.wait_for_load_state()
    screenshot(page, "4-detail-closed")

    escalated.refresh_from_db()
    assert (escalated.state, escalated.outcome, escalated.acknowledged_by) == ("ditutup", "reda", humas)
    timeline = page.locator(".timeline").inner_text()
    assert "Baru → Diakui" in timeline and "Diakui → Ditutup" in timeline and "Hasil: Reda / tertangani." in timeline

    page.goto(f"{live_server.url}/dashboard/")
    assert page.locator('a.stat[href="/warnings/"] .stat-value').inner_text() == "1"


def test_an_officer_opens_his_warning_on_a_phone(phone, live_server, login, screenshot, officer, warnings):
    page = phone
    escalated, _newer = warnings
    login(page, officer)

    page.goto(f"{live_server.url}/warnings/")
    assert page.locator(".warning-list > li").count() == 2
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing wider than the phone"
    screenshot(page, "1-list")

    page.get_by_role("link", name=f"Peringatan #{escalated.pk}").click()
    page.wait_for_url(f"**/warnings/{escalated.pk}/")
    assert page.get_by_text(NOTE).is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # He may add a note, and nothing else.
    assert page.locator('input[name="action"]').get_attribute("type") == "hidden"
    page.get_by_label("Catatan", exact=True).fill("Sudah bertemu ketua pemuda kedua dusun; situasi mulai tenang.")
    page.get_by_role("button", name="Simpan langkah").click()
    page.wait_for_load_state()
    assert page.locator(".timeline").get_by_text("situasi mulai tenang").is_visible()
    screenshot(page, "2-detail")
