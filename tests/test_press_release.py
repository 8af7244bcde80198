from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from accounts.models import Unit
from reports import press
from patrols.models import Visit

from .sekongkang import WITA

NOW = datetime(2025, 10, 24, 9, 15, tzinfo=WITA)


def patrol_draft(week, writer):
    patrol = week.patrols[0]
    facts = press.gather(patrol.visits.all(), patrol=patrol)
    return press.draft(facts, writer=writer, unit=press.unit_of(facts, writer), now=NOW)


class TestIndonesianDates:
    def test_days_dates_and_times_as_press_releases_write_them(self):
        tuesday = datetime(2025, 10, 21, 14, 35, tzinfo=WITA)
        assert press.day_and_date(tuesday) == "Selasa (21/10/25)"
        assert press.clock(tuesday) == "14.35 WITA"
        assert press.long_date(date(2025, 8, 17)) == "Minggu, 17 Agustus 2025"

    def test_they_stay_indonesian_under_another_interface_language(self):
        with translation.override("en"):
            assert press.day_and_date(date(2025, 10, 24)) == "Jumat (24/10/25)"

    def test_times_stored_in_utc_are_written_in_wita(self):
        late_monday_utc = datetime(2025, 10, 20, 22, 35, tzinfo=UTC)
        assert press.clock(late_monday_utc) == "06.35 WITA"
        assert press.day_and_date(late_monday_utc) == "Selasa (21/10/25)"

    def test_lists_and_names_in_a_sentence(self):
        assert press.join(["narkoba"]) == "narkoba"
        assert press.join(["narkoba", "curanmor"]) == "narkoba dan curanmor"
        assert press.join(["a", "b", "c"]) == "a, b, dan c"
        assert press.join(["narkoba", "hoaks, provokasi dan SARA", "judi"]) == (
            "narkoba; hoaks, provokasi dan SARA; dan judi"
        )
        assert press.in_sentence("Keamanan lingkungan") == "keamanan lingkungan"
        assert press.in_sentence("PETI") == "PETI"


@pytest.mark.django_db
class TestDraft:
    def test_headline_byline_and_dateline(self, week, humas):
        headline, byline, lead, *_ = patrol_draft(week, humas).split("\n\n")
        assert headline == "Polsek Sekongkang Gelar Patroli Dialogis, Serap Aspirasi Warga Kecamatan Sekongkang"
        assert byline == (
            "Penulis: Iptu Lalu Hamdani · Tribratanews Polres Sumbawa Barat\nJumat, 24 Oktober 2025 · 09.15 WITA"
        )
        assert lead.startswith(
            "Sumbawa Barat, NTB – Polsek Sekongkang, jajaran Polres Sumbawa Barat, Polda NTB, menggelar patroli "
            "dialogis pada Selasa (21/10/25) mulai pukul 14.35 WITA."
        )

    def test_places_leader_appeals_and_counts(self, week, humas):
        text = patrol_draft(week, humas)
        assert (
            "Petugas menyambangi 1 permukiman, 1 tempat usaha, dan 1 fasilitas umum di Desa Ai Kangkung dan "
            "Desa Sekongkang Bawah, Kecamatan Sekongkang." in text
        )
        assert "berdialog dengan 25 warga" in text
        assert "Patroli dipimpin oleh Bripka Ahmad Rahman bersama 1 personel Polsek Sekongkang." in text
        assert "antara lain tentang narkoba, hoaks dan provokasi, judi online, dan pencurian ternak." in text
        assert (
            "petugas mencatat 5 hal yang disampaikan warga, yaitu 2 aspirasi, 1 keluhan, 1 masukan, dan 1 informasi."
            in text
        )
        assert "berkaitan dengan keamanan lingkungan (2), lalu lintas & jalan (1), narkoba & miras (1)" in text

    def test_the_quote_aims_and_close(self, week, humas):
        text = patrol_draft(week, humas)
        assert "[Kutipan Kasi Humas" in text
        assert "Kasi Humas Polres Sumbawa Barat, [pangkat dan nama Kasi Humas], mengatakan" in text
        assert "1. Meningkatkan kepercayaan" in text
        assert "5. Menghadirkan polisi" in text
        assert "tetap aman, tertib, dan kondusif." in text
        assert text.endswith("\n\n(LH)")

    def test_the_kasi_humas_writing_it_is_named_in_the_quote(self, week, humas):
        humas.position = "Kasi Humas Polres Sumbawa Barat"
        assert "Kasi Humas Polres Sumbawa Barat, Iptu Lalu Hamdani, mengatakan" in patrol_draft(week, humas)

    def test_no_personal_data_and_no_residents_words(self, week, humas):
        text = patrol_draft(week, humas)
        for aspiration in week.aspirations:
            assert aspiration.description not in text
            if aspiration.resident_name:
                assert aspiration.resident_name not in text
                assert aspiration.resident_phone not in text
                assert aspiration.resident_phone[-4:] not in text

    def test_a_range_covers_every_patrol_in_it(self, week, humas):
        text = press.draft(press.gather(Visit.objects.all()), writer=humas, unit=Unit.from_settings(), now=NOW)
        assert "menggelar 2 kali patroli dialogis sejak Selasa (21/10/25) hingga Kamis (23/10/25)." in text
        assert "Patroli dipimpin secara bergantian oleh" in text
        assert "Desa Ai Kangkung, Desa Kemuning, dan Desa Sekongkang Bawah" in text
        assert "petugas mencatat 6 hal" in text

    def test_without_aspirations_it_says_so_and_leads_with_the_appeals(self, week, humas):
        patrol = week.patrols[1]
        patrol.visits.get().aspirations.all().delete()
        text = press.draft(
            press.gather(patrol.visits.all(), patrol=patrol), writer=humas, unit=Unit.from_settings(), now=NOW
        )
        assert text.startswith(
            "Polsek Sekongkang Gelar Patroli Dialogis, Sampaikan Imbauan Kamtibmas kepada Warga Desa Kemuning"
        )
        assert "warga tidak menyampaikan aspirasi atau keluhan" in text

    def test_the_units_names_and_the_polres_kasi_humas_come_from_the_data(self, week, humas):
        polsek = Unit.objects.default()
        polsek.name, polsek.area = "Polsek Uji Coba", "Uji Coba"
        polsek.save()
        polres = polsek.parent
        polres.name, polres.area = "Polres Contoh", "Contoh"
        polres.humas_rank, polres.humas_name = "AKP", "Dewi Lestari"
        polres.save()
        humas.position = "Kasi Humas"  # the Polres' recorded Kasi Humas is quoted before the writer

        text = patrol_draft(week, humas)

        headline, byline, lead, *_ = text.split("\n\n")
        assert headline.startswith("Polsek Uji Coba Gelar Patroli Dialogis")
        assert "Tribratanews Polres Contoh" in byline
        assert lead.startswith("Contoh, NTB – Polsek Uji Coba, jajaran Polres Contoh, Polda NTB, menggelar")
        assert 'Kasi Humas Polres Contoh, AKP Dewi Lestari, mengatakan, "[Kutipan' in text
        assert "kamtibmas di Uji Coba]" in text
        assert "bersama 1 personel Polsek Uji Coba." in text
        assert "Sekongkang Gelar" not in text and "Sumbawa Barat" not in text

    def test_it_is_about_the_polsek_that_patrolled_whoever_writes_it(self, week, humas):
        polsek = Unit.objects.get(code="polsek-sekongkang")
        Visit.objects.update(unit=polsek)
        humas.unit = polsek.parent  # the Polres' Kasi Humas writes about one of its Polsek
        humas.save()

        headline, _byline, lead, *_ = patrol_draft(week, humas).split("\n\n")

        assert headline.startswith("Polsek Sekongkang Gelar Patroli Dialogis")
        assert lead.startswith("Sumbawa Barat, NTB – Polsek Sekongkang, jajaran Polres Sumbawa Barat, Polda NTB,")

    def test_patrols_of_several_polsek_are_the_polres_news(self, week, humas):
        polsek = Unit.objects.get(code="polsek-sekongkang")
        neighbour = Unit.objects.create(
            code="polsek-maluk", kind=Unit.Kind.POLSEK, parent=polsek.parent, name="Polsek Maluk", area="Maluk"
        )
        Visit.objects.update(unit=polsek)
        Visit.objects.filter(pk=week.patrols[1].visits.get().pk).update(unit=neighbour)

        facts = press.gather(Visit.objects.all())
        unit = press.unit_of(facts, humas)
        headline, _byline, lead, *_ = press.draft(facts, writer=humas, unit=unit, now=NOW).split("\n\n")

        assert unit == polsek.parent
        assert headline.startswith("Polres Sumbawa Barat Gelar Patroli Dialogis")
        assert lead.startswith("Sumbawa Barat, NTB – Polres Sumbawa Barat, jajaran Polda NTB, menggelar 2 kali")

    def test_visits_of_no_unit_are_the_writers_units_news(self, week, humas):
        humas.unit = Unit.objects.get(code="polres-ksb")
        humas.save()
        # The factories' kecamatan belong to the default Polsek; these visits were filed before units.
        Visit.objects.update(unit=None)

        headline, _byline, lead, *_ = patrol_draft(week, humas).split("\n\n")

        assert headline.startswith("Polres Sumbawa Barat Gelar Patroli Dialogis")
        assert lead.startswith("Sumbawa Barat, NTB – Polres Sumbawa Barat, jajaran Polda NTB, menggelar")

    def test_no_visit_no_draft(self):
        assert press.gather(Visit.objects.none()) is None


@pytest.mark.django_db
class TestPages:
    def test_the_patrol_page_offers_an_editable_draft_with_copy_and_print(self, reviewer, week):
        response = reviewer.get(f"/patrols/{week.patrols[0].pk}/press-release/")
        assert response.status_code == 200
        body = response.content.decode()
        assert '<textarea class="form-control press-draft no-print" id="press-draft"' in body
        assert "Polsek Sekongkang Gelar Patroli Dialogis, Serap Aspirasi Warga" in body
        assert 'data-copy-target="press-draft"' in body
        assert "data-print" in body
        assert 'src="/static/js/copy.js"' in body
        assert "onclick" not in body
        assert "Siti Aminah" not in body

    def test_an_unknown_patrol_is_404(self, reviewer):
        assert reviewer.get("/patrols/999999/press-release/").status_code == 404

    def test_a_date_range(self, reviewer, week):
        response = reviewer.get("/press-release/", {"start": "2025-10-20", "end": "2025-10-26"})
        assert "menggelar 2 kali patroli dialogis" in response.context["draft"]

    def test_a_range_without_patrols_says_so(self, reviewer, week):
        response = reviewer.get("/press-release/", {"start": "2025-11-03", "end": "2025-11-09"})
        assert response.context["draft"] == ""
        assert "Belum ada kunjungan" in response.content.decode()

    def test_a_backwards_range_is_refused(self, reviewer, week):
        response = reviewer.get("/press-release/", {"start": "2025-10-26", "end": "2025-10-20"})
        assert "Tanggal akhir tidak boleh sebelum tanggal awal." in response.content.decode()
        assert response.context["draft"] == ""

    @pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
    def test_a_range_at_the_ends_of_the_calendar_is_refused(self, reviewer, day):
        response = reviewer.get("/press-release/", {"start": day, "end": day})
        assert response.status_code == 200
        assert response.context["range_form"].errors and response.context["draft"] == ""

    def test_without_dates_it_drafts_this_week(self, reviewer):
        response = reviewer.get("/press-release/")
        assert response.status_code == 200
        assert response.context["range_form"].initial["end"] is not None
