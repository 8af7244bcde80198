from datetime import date, datetime

import pytest
from django.conf import settings

from accounts.models import Unit
from patrols.models import Aspiration

from .sekongkang import WITA

URL = "/reports/weekly/"


@pytest.mark.django_db
class TestWeeklyReport:
    def test_it_reports_the_chosen_iso_week(self, reviewer, week, humas):
        resolved = week.aspirations[0]
        friday = datetime(2025, 10, 24, 10, 0, tzinfo=WITA)
        Aspiration.objects.filter(pk=resolved.pk).update(status="selesai", closed_at=friday)
        resolved.updates.create(author=humas, note="Sapi ditemukan.", feedback_delivered=True, created_at=friday)
        response = reviewer.get(URL, {"week": "2025-W43"})
        context = response.context
        assert context["monday"] == date(2025, 10, 20)
        assert context["activity"] == {"visits": 4, "patrols": 2, "sectors": 4, "people": 31}
        assert context["new_total"] == 6
        assert dict(context["new_by_kind"])["Aspirasi"] == 3
        assert (context["outcomes"]["resolved"], context["outcomes"]["feedback"]) == (1, 1)
        assert [v.sector.name for v in context["warnings"]] == ["Permukiman Kemuning"]
        assert ("Ai Kangkung", 2, 4) in context["villages"]
        assert context["previous_week"] == "2025-W42"
        assert context["next_week"] == "2025-W44"
        body = response.content.decode()
        assert "Senin, 20 Oktober 2025 – Minggu, 26 Oktober 2025" in body
        assert "Siti Aminah" not in body
        assert body.count('<svg class="chart"') == 2

    def test_overdue_ones_are_listed_in_red(self, reviewer, week):
        body = reviewer.get(URL, {"week": "2025-W43"}).content.decode()
        assert body.count('class="row-overdue"') == len(week.aspirations)
        assert "Lewat" in body

    def test_another_week_is_empty(self, reviewer, week):
        context = reviewer.get(URL, {"week": "2025-W45"}).context
        assert context["activity"]["visits"] == 0
        assert context["new_total"] == 0

    @pytest.mark.parametrize("bad", ["minggu lalu", "9999-W52", "0001-W01"])
    def test_a_bad_week_falls_back_to_this_week_with_a_message(self, reviewer, bad):
        response = reviewer.get(URL, {"week": bad})
        assert response.status_code == 200
        assert "Pekan tidak dikenali" in response.content.decode()
        assert response.context["monday"].weekday() == 0

    def test_it_prints(self, reviewer, week):
        body = reviewer.get(URL).content.decode()
        assert "data-print" in body
        assert 'src="/static/js/print.js"' in body


@pytest.mark.django_db
class TestOnPaper:
    """The kop surat and the signature block come from the viewer's unit and its parents."""

    def test_a_viewer_without_a_unit_gets_the_default_polseks_letterhead(self, reviewer):
        body = reviewer.get(URL).content.decode()
        lines = ["KEPOLISIAN NEGARA REPUBLIK INDONESIA", "DAERAH NUSA TENGGARA BARAT", "RESOR SUMBAWA BARAT"]
        for line in [*lines, "SEKTOR SEKONGKANG"]:
            assert f'<p class="letterhead-line">{line}</p>' in body
        assert '<p class="signature-position">Kapolsek Sekongkang</p>' in body

    def test_the_letterhead_and_signature_follow_the_units_data(self, reviewer, humas):
        polsek = Unit.objects.default()
        polsek.area, polsek.address, polsek.phone = "Tanjung", "Jl. Contoh No. 1, Tanjung 84457", "(0372) 000000"
        polsek.head_title, polsek.head_name, polsek.head_rank, polsek.head_nrp = (
            "Plt. Kapolsek",
            "Budi Santoso",
            "Iptu",
            "85010101",
        )
        polsek.save()
        polsek.parent.area = "Pulau Contoh"
        polsek.parent.save()

        body = reviewer.get(URL).content.decode()

        assert '<p class="letterhead-line">RESOR PULAU CONTOH</p>' in body
        assert '<p class="letterhead-line">SEKTOR TANJUNG</p>' in body
        assert "Jl. Contoh No. 1, Tanjung 84457 · Telp. (0372) 000000" in body
        assert '<p class="signature-position">Plt. Kapolsek Tanjung</p>' in body
        assert '<p class="signature-name">Budi Santoso</p>' in body
        assert '<p class="signature-rank">Iptu NRP 85010101</p>' in body
        assert "SEKONGKANG" not in body and "SUMBAWA BARAT" not in body

    def test_a_viewer_at_the_polres_signs_as_the_kapolres(self, client, humas):
        polres = Unit.objects.get(code="polres-ksb")
        polres.head_name, polres.head_rank, polres.head_nrp = "Gede Arya Wibawa", "AKBP", "76110308"
        polres.save()
        humas.unit = polres
        humas.save()
        client.force_login(humas)

        body = client.get(URL).content.decode()

        assert '<p class="letterhead-line">RESOR SUMBAWA BARAT</p>' in body
        assert "SEKTOR" not in body
        assert '<p class="signature-position">Kapolres Sumbawa Barat</p>' in body
        assert '<p class="signature-rank">AKBP NRP 76110308</p>' in body

    def test_without_a_heads_name_it_leaves_a_line_to_write_on(self, reviewer):
        body = reviewer.get(URL).content.decode()
        assert "Mengetahui," in body
        assert 'class="signature-name"' not in body

    def test_it_prints_on_a4_without_the_language_switcher(self, reviewer):
        body = reviewer.get(URL).content.decode()
        assert 'href="/static/css/report.css"' in body
        css = (settings.BASE_DIR / "static" / "css" / "report.css").read_text()
        assert "@page { size: A4; margin:" in css
        assert "body > footer { display: none !important; }" in css
