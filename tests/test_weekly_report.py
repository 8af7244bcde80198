from datetime import date, datetime

import pytest

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
