"""The follow-up loop end to end: Humas assigns, the officer answers the resident from his phone, Humas
closes it, and the resident's code shows "Selesai" and nothing personal."""

import pytest

from patrols.models import Aspiration

from ..factories import make_aspiration, make_category, make_patrol, make_sector, make_visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def humas_page(browser, live_server, server_at_rest):
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="id-ID")
    yield context.new_page()
    context.close()


@pytest.fixture
def aspiration(other_officer):
    visit = make_visit(make_patrol(other_officer), sector=make_sector(name="Pos Ronda Tongo"))
    return make_aspiration(
        visit,
        category=make_category("Lalu lintas dan jalan"),
        description="Lampu jalan di tikungan Tatar mati, rawan kecelakaan.",
        resident_name="Siti Aminah",
        resident_phone="081234567890",
        contact_consent=True,
        contact_channel="whatsapp",
        status=Aspiration.Status.DIVERIFIKASI,
    )


def test_humas_assigns_the_officer_answers_humas_closes_the_resident_sees_it(
    humas_page, phone, browser, live_server, login, screenshot, humas, officer, aspiration
):
    login(humas_page, humas)
    humas_page.goto(f"{live_server.url}/aspirations/")
    humas_page.locator(f'input[name="aspirations"][value^="{aspiration.pk}:"]').check()
    humas_page.locator('#bulk-assign select[name="assignee"]').select_option(label=officer.display_name)
    humas_page.get_by_role("button", name="Tugaskan", exact=True).click()
    humas_page.wait_for_load_state()
    assert humas_page.get_by_text(f"1 aspirasi ditugaskan kepada {officer.display_name}.").is_visible()

    login(phone, officer)
    phone.get_by_role("link", name="Tugas tindak lanjut saya").click()
    phone.wait_for_url("**/tasks/")
    task = phone.locator(".task-list li")
    assert task.count() == 1 and task.get_by_text("Pos Ronda Tongo").is_visible()
    assert phone.get_by_text("0812").count() == 0
    screenshot(phone, "1-tasks")
    task.locator("a").click()
    phone.wait_for_url(f"**/tasks/{aspiration.pk}/")
    phone.get_by_label("Tanggapan sudah sampai ke warga").check()
    phone.select_option("#id_channel", "langsung")
    phone.fill("#id_note", "Sudah disampaikan: lampu diganti pekan ini oleh desa.")
    phone.get_by_role("button", name="Simpan laporan").click()
    phone.wait_for_url(f"**/tasks/{aspiration.pk}/")
    assert phone.get_by_role("alert").filter(has_text="Laporan tugas tersimpan").is_visible()
    screenshot(phone, "2-task-answered")

    humas_page.goto(f"{live_server.url}/aspirations/{aspiration.pk}/")
    timeline = humas_page.locator(".timeline")
    assert timeline.get_by_text("Sudah disampaikan: lampu diganti pekan ini oleh desa.").is_visible()
    assert timeline.get_by_text("lewat Datang langsung").is_visible()
    humas_page.select_option("#id_status", "ditindaklanjuti")
    humas_page.fill("#id_note", "Dikoordinasikan dengan Pemdes Tatar.")
    humas_page.get_by_role("button", name="Simpan tindak lanjut").click()
    humas_page.wait_for_url(f"**/aspirations/{aspiration.pk}/")
    humas_page.select_option("#id_status", "selesai")
    humas_page.fill("#id_note", "Lampu sudah menyala, dicek petugas.")
    humas_page.fill("#id_public_note", "Lampu jalan sudah diperbaiki oleh pemerintah desa.")
    humas_page.get_by_role("button", name="Simpan tindak lanjut").click()
    humas_page.wait_for_url(f"**/aspirations/{aspiration.pk}/")
    assert humas_page.locator(".timeline .status-selesai").is_visible()
    assert humas_page.get_by_role("link", name="Kabari warga via WhatsApp").is_visible()
    screenshot(humas_page, "3-aspiration-closed")

    resident = browser.new_context(viewport={"width": 360, "height": 740}, locale="id-ID").new_page()
    aspiration.refresh_from_db()
    resident.goto(f"{live_server.url}/cek/")
    resident.fill("#code", aspiration.display_code.lower())
    resident.get_by_role("button", name="Cek").click()
    resident.wait_for_url(f"**/cek/{aspiration.code}/")
    body = resident.locator("body").inner_text()
    assert "Selesai" in body and "Lampu jalan sudah diperbaiki oleh pemerintah desa." in body
    for personal in ("Siti", "0812", "7890", "tikungan", "Pos Ronda Tongo", "Dikoordinasikan"):
        assert personal not in resident.content(), personal
    screenshot(resident, "4-resident-status")
    resident.context.close()
