import re
from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from early_warnings.models import EarlyWarning
from early_warnings.services import change_warning
from reports import stats
from patrols.models import Aspiration
from patrols.services import change_aspiration
from reports.views.dashboard import WARNINGS_SHOWN

from .factories import (
    make_aspiration,
    make_category,
    make_patrol,
    make_sector,
    make_village,
    make_visit,
    make_warning,
)

URL = "/dashboard/"


def resolved(visit, days, **fields):
    created = timezone.now() - timedelta(days=20)
    return make_aspiration(
        visit, status="selesai", created_at=created, closed_at=created + timedelta(days=days), **fields
    )


@pytest.mark.django_db
class TestMedianResolution:
    @pytest.mark.parametrize(
        "days, median", [([], None), ([3], 3), ([1, 2, 9], 2), ([1, 2, 4, 9], 3), ([0.5, 0.5, 7, 30, 30], 7)]
    )
    def test_it_is_the_middle_duration(self, officer, days, median):
        visit = make_visit(make_patrol(officer))
        for n in days:
            resolved(visit, n)
        make_aspiration(visit)  # open ones do not count
        result = stats.days(stats.median_resolution(Aspiration.objects.all()))
        assert result == (None if median is None else pytest.approx(median))


@pytest.mark.django_db
class TestDashboard:
    def test_the_figures(self, reviewer, officer):
        now = timezone.now()
        week_start = stats.local_midnight(stats.monday(timezone.localdate()))
        visit = make_visit(make_patrol(officer), visited_at=week_start + timedelta(minutes=5))
        make_visit(make_patrol(officer), visited_at=week_start - timedelta(minutes=5))
        make_aspiration(visit, created_at=week_start + timedelta(hours=1))
        yesterday = timezone.localdate() - timedelta(days=1)
        make_aspiration(visit, created_at=week_start - timedelta(days=3), due_date=yesterday)
        resolved(visit, 2)
        resolved(visit, 4)
        make_aspiration(visit, status="tidak_dapat", refusal_reason="Di luar kewenangan.", closed_at=now)
        long_ago = now - timedelta(weeks=20)
        make_aspiration(visit, status="selesai", created_at=long_ago, closed_at=long_ago + timedelta(days=30))

        figures = reviewer.get(URL).context["figures"]

        assert figures["new_this_week"] == 2  # the one at 01.00 and the refused one, both this week
        assert figures["open"] == 2
        assert figures["overdue"] == 1
        assert (figures["period_total"], figures["period_resolved"]) == (5, 2)
        assert figures["resolved_share"] == 40
        assert figures["median_days"] == pytest.approx(3), "only the period's resolved ones count"
        assert figures["visits_this_week"] == 1

    def test_sectors_not_visited_for_30_days(self, reviewer, officer):
        now = timezone.now()
        recent, stale = make_sector(name="Pantai Lawar"), make_sector(name="TPI Senutuk")
        make_sector(name="Puskesmas Tongo")
        make_sector(name="Pos lama", is_active=False)
        make_visit(make_patrol(officer), sector=recent, visited_at=now - timedelta(days=2))
        make_visit(make_patrol(officer), sector=stale, visited_at=now - timedelta(days=45))
        response = reviewer.get(URL)
        assert [s.name for s in response.context["not_visited"]] == ["Puskesmas Tongo", "TPI Senutuk"]
        body = response.content.decode()
        assert "belum pernah" in body

    def test_a_long_list_of_sectors_not_visited_names_the_longest_unvisited_and_counts_them_all(
        self, reviewer, officer, monkeypatch
    ):
        monkeypatch.setattr("reports.views.dashboard.NOT_VISITED_SHOWN", 3)
        now = timezone.now()
        for days in (31, 40, 50, 60, 70):
            make_visit(make_patrol(officer), sector=make_sector(name=f"Sektor {days} hari"),
                       visited_at=now - timedelta(days=days))
        make_sector(name="Sektor baru")
        response = reviewer.get(URL)
        assert [s.name for s in response.context["not_visited"]] == ["Sektor baru", "Sektor 70 hari", "Sektor 60 hari"]
        body = response.content.decode()
        assert '<div class="stat-value">6</div>' in body
        assert "Yang terlama 3 sektor; 3 sektor lainnya juga belum dikunjungi." in body
        assert "Sektor 50 hari" not in body

    def test_it_lists_the_open_early_warnings_and_counts_exactly_those(self, reviewer, humas, officer):
        patrol = make_patrol(officer)
        escalated = make_warning(patrol, note="Ketegangan soal batas lahan.")
        EarlyWarning.objects.filter(pk=escalated.pk).update(created_at=timezone.now() - timedelta(days=3))
        new = make_warning(patrol)
        acknowledged, closed = make_warning(patrol), make_warning(patrol)
        for warning in (acknowledged, closed):
            change_warning(warning_id=warning.pk, author=humas, expected_version=1, state="diakui")
        change_warning(
            warning_id=closed.pk, author=humas, expected_version=2, state="ditutup", outcome="reda", note="Sudah reda."
        )
        make_visit(patrol, situation="rawan")  # a rawan visit without the flag is no early warning

        response = reviewer.get(URL)

        open_rows = EarlyWarning.objects.open()
        assert response.context["warnings"] == list(open_rows.in_queue_order())
        assert [w.pk for w in response.context["warnings"]] == [escalated.pk, new.pk, acknowledged.pk]
        assert response.context["warning_total"] == open_rows.count() == 3
        body = response.content.decode()
        assert '<a class="card stat h-100 text-decoration-none stat-danger" href="/warnings/">' in body
        assert "Ketegangan soal batas lahan." in body and ">Eskalasi</span>" in body
        assert reviewer.get("/warnings/").context["page"].paginator.count == 3

    def test_a_step_taken_shows_on_the_dashboard_at_once(self, reviewer, humas, officer):
        warning = make_warning(make_patrol(officer))
        assert reviewer.get(URL).context["warning_total"] == 1
        change_warning(warning_id=warning.pk, author=humas, expected_version=1, state="diakui")
        change_warning(
            warning_id=warning.pk, author=humas, expected_version=2, state="ditutup", outcome="reda", note="Sudah reda."
        )
        assert "Tidak ada peringatan dini yang terbuka." in reviewer.get(URL).content.decode()

    def test_it_lists_the_first_of_the_queue_and_counts_them_all(self, reviewer, officer):
        patrol = make_patrol(officer)
        warnings = [make_warning(patrol) for _ in range(23)]

        response = reviewer.get(URL)

        assert response.context["warnings"] == warnings[:WARNINGS_SHOWN]
        assert response.context["warning_total"] == 23
        assert f"Menampilkan {WARNINGS_SHOWN} dari 23 yang terbuka." in response.content.decode()

    def test_the_charts_are_inline_svg(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        make_aspiration(visit, kind="keluhan", category=make_category("Narkoba & miras"))
        make_aspiration(visit, kind="aspirasi")
        response = reviewer.get(URL)
        body = response.content.decode()
        assert body.count('<svg class="chart"') == 4
        assert "<script" not in body.split("<main", 1)[1].split("</main>", 1)[0]
        per_week = response.context["charts"]["per_week"]
        assert per_week.columns[-1].total == 2
        assert [s.css for s in per_week.columns[-1].segments] == ["chart-kind-aspirasi", "chart-kind-keluhan"]
        assert "Narkoba &amp; miras" in body

    def test_forwarded_ones_wait_on_their_agency(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        late = timezone.localdate() - timedelta(days=1)
        make_aspiration(visit, status="diteruskan", forwarded_to="Dinas PUPR", due_date=late)
        make_aspiration(visit, status="diteruskan", forwarded_to="Dinas PUPR")
        response = reviewer.get(URL)
        agencies = list(response.context["agencies"])
        assert [(a["name"], a["n"], a["oldest_due"]) for a in agencies] == [("Dinas PUPR", 2, late)]
        assert f'class="text-danger fw-semibold">{late:%d/%m/%Y}' in response.content.decode()

    def test_an_empty_database_still_renders(self, reviewer):
        response = reviewer.get(URL)
        assert response.status_code == 200
        assert "Belum ada data pada periode ini." in response.content.decode()

    def test_its_queries_do_not_grow_with_the_data(self, reviewer, officer, humas, django_assert_num_queries):
        def fill(count):
            for n in range(count):
                visit = make_visit(make_patrol(officer), sector=make_sector(), situation="rawan")
                aspiration = make_aspiration(visit, category=make_category(f"Kategori {n % 5}"))
                aspiration.updates.create(author=humas, note="Dicek.")
                resolved(visit, n + 1)
                make_warning(visit.patrol)

        fill(2)
        # Session, user, permissions, the viewer's units, the data's version; figures, median, visits, sectors,
        # open warnings with their number, four charts, updates, agencies.
        with django_assert_num_queries(16):
            reviewer.get(URL)
        fill(15)
        with django_assert_num_queries(16):
            reviewer.get(URL)
        # Nothing changed since: the figures come from the cache (kept per viewer's units).
        with django_assert_num_queries(5):
            reviewer.get(URL)

    def test_a_change_made_since_shows_at_once(self, reviewer, officer, humas):
        visit = make_visit(make_patrol(officer), sector=make_sector())
        aspiration = make_aspiration(visit, category=make_category("Keamanan"))
        assert reviewer.get(URL).context["figures"]["open"] == 1

        change_aspiration(
            aspiration_id=aspiration.pk,
            author=humas,
            expected_version=aspiration.version,
            status=Aspiration.Status.TIDAK_DAPAT,
            refusal_reason="Sengketa lahan perdata, di luar wewenang Polri.",
        )

        assert reviewer.get(URL).context["figures"]["open"] == 0


CARD = re.compile(r'<a class="card stat[^"]*" href="([^"]+)">.*?<div class="stat-value">([^<]+)</div>', re.S)


def linked_rows(client, body, href):
    """How many rows a card's link leads to: the review list's or the warnings' total, or the items of a section
    of the page."""
    if href == "/warnings/":
        return client.get(href).context["page"].paginator.count
    if href.startswith("#"):
        section = body.split(f'id="{href[1:]}"', 1)[1].split("</section>", 1)[0]
        return section.count("<tr>") - section.count("<thead><tr>") + section.count('<li class="list-inline-item')
    page = client.get(unescape(href)).content.decode()
    return int(re.search(r"(\d+) aspirasi\s*</p>", page)[1])


@pytest.mark.django_db
def test_every_card_leads_to_as_many_rows_as_it_shows(reviewer, officer):
    now = timezone.now()
    today = timezone.localdate()
    week_start = stats.local_midnight(stats.monday(today))
    patrol = make_patrol(officer)
    visit = make_visit(patrol, sector=make_sector(name="Pos Ronda Tongo"), visited_at=week_start)
    make_aspiration(visit, created_at=week_start + timedelta(hours=2))
    make_aspiration(visit, created_at=week_start - timedelta(days=2), due_date=today - timedelta(days=1))
    make_aspiration(visit, created_at=week_start - timedelta(days=9), due_date=today - timedelta(days=4))
    resolved(visit, 2)
    resolved(visit, 3)
    make_aspiration(visit, status="selesai", created_at=now - timedelta(weeks=30), closed_at=now - timedelta(weeks=29))
    make_warning(patrol, note="Sengketa lahan.", visited_at=now - timedelta(days=2))
    make_visit(patrol, situation="rawan", visited_at=now - timedelta(days=3))
    make_sector(name="Pantai Lawar")

    response = reviewer.get(URL)
    body = response.content.decode()
    cards = CARD.findall(body)

    figures = response.context["figures"]
    assert len(cards) == 6
    for href, value in cards:
        shown = figures["period_resolved"] if value.strip().endswith("%") else int(value)
        assert linked_rows(reviewer, body, href) == shown, href
    numbers = {href.split("?")[-1]: value for href, value in cards}
    assert numbers["/warnings/"] == "1", "the rawan visit without a flag is no early warning"


def test_a_polres_dashboard_draws_the_fifteen_busiest_desa_and_sums_the_rest(reviewer, officer):
    from reports.views.dashboard import BARS

    for n in range(BARS + 3):
        village = make_village(name=f"Desa Uji {n:02d}")
        visit = make_visit(make_patrol(officer), sector=make_sector(village=village, name=f"Pos {n}"))
        for _ in range(n + 1):
            make_aspiration(visit, category=make_category("Keamanan"))
    chart = reviewer.get(URL).context["charts"]["per_village"]
    assert [bar.label for bar in chart.bars] == [f"Desa Uji {n:02d}" for n in range(BARS + 2, 2, -1)]
    assert (chart.rest_rows, chart.rest_total) == (3, 1 + 2 + 3)
    assert "Dan 3 lainnya, berjumlah 6." in reviewer.get(URL).content.decode()
