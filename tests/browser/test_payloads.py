"""Hostile names and texts, saved through the real forms, run nowhere they are shown.

An admin names a desa and a sector with markup; an officer files a visit there
with markup in the patrol notes, the summary, the early warning, an aspiration
and the resident's name; Humas follows the aspiration up with markup in the
note. Then every page that shows them back is opened by those who may see it.
No script may run (no dialog opens) and the Content-Security-Policy has nothing
to block, while each text is there to read, as text.
"""

import re

import pytest
from playwright.sync_api import expect

from patrols.models import Aspiration, Visit
from sectors.models import Sector, Village

from ..factories import make_category, make_district
from .csp import violations, watch

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VILLAGE = "<img src=x onerror=alert('desa')>"
SECTOR = "\"><img src=x onerror=alert('sektor')>"
NOTES = "</textarea><script>alert('catatan')</script>"
SUMMARY = "<script>alert('ringkasan')</script><img src=x onerror=alert('ringkasan')>"
DESCRIPTION = "<svg onload=alert('aspirasi')></svg><a href=\"javascript:alert('aspirasi')\">lihat</a>"
RESIDENT = "<b onmouseover=alert('warga')>Siti</b>"
WARNING = "<iframe srcdoc=\"<script>alert('peringatan')</script>\"></iframe>"
FOLLOW_UP = "<script>alert('tindak lanjut')</script>"


class Visitor:
    """One user's browser, watched for dialogs and for what the policy blocks."""

    def __init__(self, browser, live_server, user, password, login_path="/accounts/login/"):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        self.page = self.context.new_page()
        self.url = live_server.url
        self.dialogs = []
        self.page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))
        self.complaints = watch(self.page)
        self.page.goto(self.url + login_path)
        self.page.fill("[name=username]", user.username)
        self.page.fill("[name=password]", password)
        self.page.click("[type=submit]")
        self.page.wait_for_load_state("networkidle")

    def sees(self, path, *texts):
        """Open `path`: each text shows as text, and nothing ran or was blocked."""
        if path:
            self.page.goto(self.url + path)
        self.page.wait_for_load_state("networkidle")
        shown = self.page.inner_text("body")
        for text in texts:
            assert text in shown, f"{path}: {text!r} is not shown"
        assert self.dialogs == [], f"{path}: {self.dialogs}"
        assert violations(self.page, self.complaints) == [], path

    def close(self):
        self.context.close()


@pytest.fixture
def visitors(browser, live_server, password, server_at_rest):
    opened = []

    def visitor(user, **kwargs):
        opened.append(Visitor(browser, live_server, user, password, **kwargs))
        return opened[-1]

    yield visitor
    for each in opened:
        each.close()


def name_a_sector(admin):
    page, district = admin.page, make_district()
    page.goto(admin.url + "/admin/sectors/village/add/")
    page.select_option("#id_district", str(district.pk))
    page.fill("#id_name", VILLAGE)
    page.fill("#id_code", "52.07.04.2099")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/sectors/village/$"))
    village = Village.objects.get(name=VILLAGE)

    page.goto(admin.url + "/admin/sectors/sector/add/")
    page.fill("#id_name", SECTOR)
    page.select_option("#id_kind", "business")
    page.select_option("#id_village", str(village.pk))
    page.fill("#id_latitude", "-8.991163")
    page.fill("#id_longitude", "116.743236")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r"/admin/sectors/sector/$"))
    return Sector.objects.get(name=SECTOR)


def file_a_visit(officer, sector, category):
    page = officer.page
    page.goto(officer.url + "/patrols/new/")
    page.fill("#id_notes", NOTES)
    page.click("button:has-text('Mulai patroli sekarang')")
    page.wait_for_url(re.compile(r"/patrols/\d+/$"))
    page.click("text=Tambah kunjungan")
    page.select_option("#id_sector", str(sector.pk))
    page.fill("#id_people_met", "7")
    page.click("label[for=id_situation_0]")
    page.fill("#id_summary", SUMMARY)
    page.get_by_label("Ada potensi konflik sosial").check()
    page.fill("#id_early_warning_note", WARNING)
    page.click("#add-aspiration")
    row = page.locator("#aspiration-rows [data-aspiration-row]").first
    row.locator("select[name$='-category']").select_option(str(category.pk))
    row.locator("textarea[name$='-description']").fill(DESCRIPTION)
    row.locator("input[name$='-resident_name']").fill(RESIDENT)
    page.click("button:has-text('Kirim laporan')")
    page.wait_for_url(re.compile(r"/visits/\d+/$"))
    return Visit.objects.get()


def follow_up(reviewer, aspiration):
    page = reviewer.page
    page.goto(f"{reviewer.url}/aspirations/{aspiration.pk}/")
    page.select_option("#id_status", "diverifikasi")
    page.fill("#id_note", FOLLOW_UP)
    page.click("button:has-text('Simpan tindak lanjut')")
    page.wait_for_load_state("networkidle")
    assert aspiration.updates.get().note == FOLLOW_UP


def test_no_saved_payload_runs_where_it_is_shown(visitors, officer, humas, admin_user):
    admin = visitors(admin_user, login_path="/admin/login/")
    sector = name_a_sector(admin)
    officer_browser = visitors(officer)
    visit = file_a_visit(officer_browser, sector, make_category())
    aspiration = Aspiration.objects.get()
    assert (visit.summary, aspiration.description, aspiration.resident_name) == (SUMMARY, DESCRIPTION, RESIDENT)
    reviewer = visitors(humas)
    follow_up(reviewer, aspiration)

    officer_browser.sees(f"/visits/{visit.pk}/", SECTOR, SUMMARY, WARNING, DESCRIPTION, RESIDENT)
    officer_browser.sees(f"/patrols/{visit.patrol_id}/", SECTOR, NOTES)
    officer_browser.page.locator("#patrol-map path.leaflet-interactive").first.click()
    officer_browser.sees(None, f"1. {SECTOR}")
    officer_browser.sees("/", SECTOR)

    reviewer.sees(f"/visits/{visit.pk}/", SECTOR, SUMMARY, WARNING, DESCRIPTION, RESIDENT)
    reviewer.sees(f"/patrols/{visit.patrol_id}/", SECTOR, NOTES)
    reviewer.sees("/aspirations/", SECTOR, DESCRIPTION)
    reviewer.sees(f"/aspirations/{aspiration.pk}/", VILLAGE, SECTOR, SUMMARY, DESCRIPTION, RESIDENT, FOLLOW_UP)
    reviewer.sees("/dashboard/", SECTOR, WARNING, FOLLOW_UP)
    reviewer.sees("/reports/weekly/", SECTOR, WARNING)
    reviewer.sees(f"/patrols/{visit.patrol_id}/press-release/")
    assert VILLAGE in reviewer.page.input_value("#press-draft")
    reviewer.sees("/press-release/")
    assert VILLAGE in reviewer.page.input_value("#press-draft")
    reviewer.sees("/map/")
    marker = reviewer.page.locator(".leaflet-marker-pane .pd-sector")
    expect(marker).to_have_count(1)
    marker.click()
    reviewer.sees(None, SECTOR, VILLAGE)

    admin.sees("/admin/sectors/village/", VILLAGE)
    admin.sees("/admin/sectors/sector/", SECTOR)
    admin.sees(f"/admin/sectors/sector/{sector.pk}/history/", SECTOR)
    admin.sees(f"/admin/patrols/visit/{visit.pk}/change/", SECTOR, DESCRIPTION)
    assert admin.page.input_value("#id_summary") == SUMMARY
    admin.sees("/admin/patrols/aspiration/", DESCRIPTION[:30])
    admin.sees(f"/admin/patrols/aspiration/{aspiration.pk}/change/", SECTOR, FOLLOW_UP)
    assert admin.page.input_value("#id_resident_name") == RESIDENT
    admin.sees(f"/admin/patrols/aspiration/{aspiration.pk}/history/", DESCRIPTION[:30])
    admin.sees(f"/admin/patrols/aspirationupdate/{aspiration.updates.get().pk}/change/", FOLLOW_UP)
