"""The weekly report on paper: the unit's kop surat, A4, the signature block, no page chrome."""

import re

import pytest
from django.utils import timezone

from demo.seed import seed_units

# serialized_rollback brings back what the migrations made (role groups, the default units), which a
# transactional test would otherwise flush away for the tests after it.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A4 in PostScript points, as Chromium writes a PDF's MediaBox (rounded).
A4_POINTS = (595, 842)


def test_the_weekly_report_prints_as_an_official_a4_document(
    desktop, live_server, login, screenshot, humas, week, tmp_path
):
    # The demo's letterhead and signature on the units the migration made.
    seed_units()
    page = desktop
    login(page, humas)
    year, number, _ = timezone.localtime(week.patrols[0].started_at).isocalendar()
    page.goto(f"{live_server.url}/reports/weekly/?week={year}-W{number:02d}")
    page.emulate_media(media="print")

    letterhead = page.locator(".letterhead")
    assert [line for line in letterhead.inner_text().splitlines() if line.strip()][:4] == [
        "KEPOLISIAN NEGARA REPUBLIK INDONESIA",
        "DAERAH NUSA TENGGARA BARAT",
        "RESOR SUMBAWA BARAT",
        "SEKTOR SEKONGKANG",
    ]
    signature = page.locator(".report-signature")
    assert signature.is_visible()
    assert "Kapolsek Sekongkang" in signature.inner_text()
    assert "YUSRAN MAHENDRA" in signature.inner_text()  # uppercase on paper, from the unit's data
    assert "AKP NRP 80060121" in signature.inner_text()
    for chrome in ("nav.navbar", "body > footer", "#language-select", "[data-print]"):
        assert not page.locator(chrome).first.is_visible(), chrome
    # The letterhead opens the page, the signature closes the report.
    title = page.get_by_role("heading", name="Laporan mingguan patroli dialogis")
    assert letterhead.bounding_box()["y"] < title.bounding_box()["y"] < signature.bounding_box()["y"]
    screenshot(page, "weekly-report-print")

    pdf = tmp_path / "laporan-mingguan.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    content = pdf.read_bytes()
    boxes = {
        tuple(round(float(n)) for n in box.split()[2:]) for box in re.findall(rb"/MediaBox\s*\[([^\]]+)\]", content)
    }
    assert boxes == {A4_POINTS}
    assert 1 <= len(re.findall(rb"/Type\s*/Page\b", content)) <= 4
