import re
from datetime import date, timedelta

import pytest
from django.utils import timezone

from patrols.models import Aspiration
from patrols.services import change_aspiration
from patrols.views.aspirations import PAGE_SIZE

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_visit
from .sekongkang import WITA

URL = "/aspirations/"


def listed(response):
    """The numbers of the rows shown, in order, as the page shows them (it may come from the cache)."""
    return [int(number) for number in re.findall(r'class="fw-semibold">#(\d+)</a>', response.content.decode())]


def numbers(response):
    return sorted(listed(response))


@pytest.mark.django_db
class TestFilters:
    def test_without_filters_it_lists_everything_newest_first(self, reviewer, week):
        response = reviewer.get(URL)
        assert response.status_code == 200
        assert listed(response) == [a.pk for a in sorted(week.aspirations, key=lambda a: a.created_at, reverse=True)]

    def test_status(self, reviewer, week):
        first = week.aspirations[0]
        Aspiration.objects.filter(pk=first.pk).update(status="diverifikasi")
        assert numbers(reviewer.get(URL, {"status": "diverifikasi"})) == [first.pk]

    def test_the_open_tab_leaves_closed_ones_out(self, reviewer, week):
        closed = week.aspirations[1]
        Aspiration.objects.filter(pk=closed.pk).update(status="selesai", closed_at=timezone.now())
        assert closed.pk not in numbers(reviewer.get(URL, {"status": "terbuka"}))
        assert len(numbers(reviewer.get(URL, {"status": "terbuka"}))) == len(week.aspirations) - 1

    def test_kind(self, reviewer, week):
        expected = sorted(a.pk for a in week.aspirations if a.kind == "keluhan")
        assert numbers(reviewer.get(URL, {"kind": "keluhan"})) == expected

    def test_category(self, reviewer, week):
        category = make_category("Keamanan lingkungan")
        expected = sorted(a.pk for a in week.aspirations if a.category == category)
        assert len(expected) == 2
        assert numbers(reviewer.get(URL, {"category": category.pk})) == expected

    def test_urgency(self, reviewer, week):
        expected = sorted(a.pk for a in week.aspirations if a.urgency == "mendesak")
        assert numbers(reviewer.get(URL, {"urgency": "mendesak"})) == expected

    def test_village(self, reviewer, week):
        village = week.villages["Ai Kangkung"]
        expected = sorted(a.pk for a in week.aspirations if a.visit.sector.village == village)
        assert len(expected) == 4
        assert numbers(reviewer.get(URL, {"village": village.pk})) == expected

    def test_sector(self, reviewer, week):
        sector = week.sectors["TPI Dusun Senutuk"]
        expected = sorted(a.pk for a in week.aspirations if a.visit.sector == sector)
        assert numbers(reviewer.get(URL, {"sector": sector.pk})) == expected

    def test_officer(self, reviewer, week, other_officer):
        expected = sorted(a.pk for a in week.aspirations if a.visit.officer == other_officer)
        assert len(expected) == 2
        assert numbers(reviewer.get(URL, {"officer": other_officer.pk})) == expected

    def test_assignee_and_nobody_yet(self, reviewer, week, other_officer):
        assigned = week.aspirations[2]
        Aspiration.objects.filter(pk=assigned.pk).update(assignee=other_officer)
        assert numbers(reviewer.get(URL, {"assignee": other_officer.pk})) == [assigned.pk]
        assert assigned.pk not in numbers(reviewer.get(URL, {"assignee": "null"}))
        assert len(numbers(reviewer.get(URL, {"assignee": "null"}))) == len(week.aspirations) - 1

    def test_date_range_in_local_time(self, reviewer, week):
        # Thursday's aspiration was recorded at 09.45 WITA, 01.45 UTC.
        thursday = sorted(a.pk for a in week.aspirations if a.created_at.astimezone(WITA).date() == date(2025, 10, 23))
        response = reviewer.get(URL, {"created_after": "2025-10-23", "created_before": "2025-10-23"})
        assert numbers(response) == thursday
        assert len(numbers(reviewer.get(URL, {"created_before": "2025-10-22"}))) == 5

    def test_the_sector_choices_name_their_desa(self, reviewer, week):
        body = reviewer.get(URL).content.decode()
        sector = week.sectors["TPI Dusun Senutuk"]
        assert f'<option value="{sector.pk}">TPI Dusun Senutuk — Desa Ai Kangkung</option>' in body

    def test_the_filters_fold_on_a_phone_and_count_what_is_set(self, reviewer, week):
        body = reviewer.get(URL, {"kind": "keluhan", "q": "jalan"}).content.decode()
        assert "<details class=\"card mb-3 filter-panel\" open data-fold-on-phone>" in body
        assert "2 aktif" in body
        assert "js/filter-fold" in body

    def test_overdue(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        late = make_aspiration(visit, due_date=timezone.localdate() - timedelta(days=2))
        make_aspiration(visit)
        make_aspiration(visit, status="selesai", closed_at=timezone.now(), due_date=late.due_date)
        response = reviewer.get(URL, {"overdue": "on"})
        assert numbers(response) == [late.pk]
        assert 'class="row-overdue"' in response.content.decode()
        assert "Lewat 2 hari" in response.content.decode()

    @pytest.mark.parametrize(
        "text, description",
        [
            ("sapi", "Dua ekor sapi warga hilang dari kandang kolektif pekan lalu."),
            ("RANTUNG", "Arus balik kuat di Pantai Rantung saat sore; perlu papan peringatan."),
            ("kemuning tiga pilar", "Warga meminta mediasi Tiga Pilar sebelum masalah batas lahan memanas."),
        ],
    )
    def test_free_text(self, reviewer, week, text, description):
        expected = [a.pk for a in week.aspirations if a.description == description]
        assert numbers(reviewer.get(URL, {"q": text})) == expected

    def test_free_text_finds_a_number(self, reviewer, week):
        target = week.aspirations[3]
        assert target.pk in numbers(reviewer.get(URL, {"q": f"#{target.pk}"}))

    def test_filters_combine(self, reviewer, week):
        response = reviewer.get(URL, {"village": week.villages["Ai Kangkung"].pk, "kind": "aspirasi"})
        assert len(numbers(response)) == 2

    @pytest.mark.parametrize(
        "query",
        [
            {"category": "99999", "created_after": "kemarin"},
            {"created_after": "0001-01-01"},
            {"created_before": "9999-12-31"},
            {"q": "²"},
            {"q": "1" * 5000},
        ],
    )
    def test_an_invalid_value_is_ignored_not_an_error(self, reviewer, week, query):
        response = reviewer.get(URL, query)
        assert response.status_code == 200


@pytest.mark.django_db
class TestTabs:
    def test_each_tab_counts_within_the_other_filters(self, reviewer, week):
        Aspiration.objects.filter(pk=week.aspirations[0].pk).update(status="diverifikasi")
        response = reviewer.get(URL, {"village": week.villages["Ai Kangkung"].pk, "status": "baru"})
        tabs = {value: count for value, _, count in response.context["tabs"]}
        assert tabs[""] == 4
        assert tabs["terbuka"] == 4
        assert tabs["baru"] == 3
        assert tabs["diverifikasi"] == 1
        assert tabs["selesai"] == 0
        assert len(numbers(response)) == 3

    def test_a_status_changed_since_shows_at_once(self, reviewer, week, humas):
        def tabs():
            return {value: count for value, _, count in reviewer.get(URL).context["tabs"]}

        before = tabs()
        first = week.aspirations[0]
        change_aspiration(
            aspiration_id=first.pk, author=humas, expected_version=first.version, status="diverifikasi"
        )

        after = tabs()
        assert after["baru"] == before["baru"] - 1
        assert after["diverifikasi"] == before["diverifikasi"] + 1
        assert after[""] == before[""]


@pytest.mark.django_db
class TestSorting:
    @pytest.mark.parametrize(
        "param, key",
        [
            ("created", lambda a: (a.created_at, a.pk)),
            ("urgency", lambda a: (["normal", "tinggi", "mendesak"].index(a.urgency), a.pk)),
            ("village", lambda a: (a.visit.sector.village.name, a.pk)),
        ],
    )
    def test_each_column_sorts_both_ways(self, reviewer, week, param, key):
        ascending = listed(reviewer.get(URL, {"o": param}))
        descending = listed(reviewer.get(URL, {"o": f"-{param}"}))
        assert [key(Aspiration.objects.get(pk=pk))[0] for pk in ascending] == sorted(
            key(a)[0] for a in week.aspirations
        )
        assert [key(Aspiration.objects.get(pk=pk))[0] for pk in descending] == sorted(
            (key(a)[0] for a in week.aspirations), reverse=True
        )

    def test_due_date_puts_the_most_overdue_first(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        today = timezone.localdate()
        days_late = {}
        for days in (2, 10, -5):
            days_late[days] = make_aspiration(visit, due_date=today - timedelta(days=days)).pk
        undated = make_aspiration(visit).pk
        Aspiration.objects.filter(pk=undated).update(due_date=None)
        closed = make_aspiration(
            visit, status="selesai", closed_at=timezone.now(), due_date=today - timedelta(days=30)
        ).pk

        assert listed(reviewer.get(URL, {"o": "due"})) == [days_late[10], days_late[2], days_late[-5], undated, closed]
        assert listed(reviewer.get(URL, {"o": "-due"})) == [days_late[-5], days_late[2], days_late[10], undated, closed]
        assert 'href="?o=due"' in reviewer.get(URL).content.decode(), "the first click sorts the most overdue first"

    def test_the_header_link_turns_the_order_around(self, reviewer, week):
        body = reviewer.get(URL, {"o": "-due"}).content.decode()
        assert 'href="?o=due"' in body


@pytest.mark.django_db
class TestPages:
    def test_pages_split_the_list_without_repeats(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        same_time = timezone.now()
        made = [make_aspiration(visit, created_at=same_time).pk for _ in range(PAGE_SIZE + 3)]
        first = listed(reviewer.get(URL))
        second = listed(reviewer.get(URL, {"page": 2}))
        assert (len(first), len(second)) == (PAGE_SIZE, 3)
        assert sorted(first + second) == sorted(made)

    def test_page_links_keep_the_filters(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        for _ in range(PAGE_SIZE + 1):
            make_aspiration(visit, kind="keluhan")
        body = reviewer.get(URL, {"kind": "keluhan"}).content.decode()
        assert 'href="?kind=keluhan&amp;page=2"' in body

    def test_a_page_beyond_the_end_shows_the_last(self, reviewer, week):
        assert len(listed(reviewer.get(URL, {"page": 99}))) == len(week.aspirations)


@pytest.mark.django_db
class TestWhatTheListShows:
    def test_residents_are_masked(self, reviewer, week):
        body = reviewer.get(URL).content.decode()
        assert "Siti Aminah" not in body
        assert "0812" not in body and "1234" not in body
        assert "S. A." in body
        assert "nomor HP tercatat" in body
        assert "anonim" in body

    def test_rows_carry_their_version_for_bulk_assign(self, reviewer, week):
        first = week.aspirations[0]
        assert f'value="{first.pk}:1" form="bulk-assign"' in reviewer.get(URL).content.decode()

    def test_its_queries_do_not_grow_with_the_rows(self, reviewer, officer, humas, django_assert_num_queries):
        def fill(count):
            for _ in range(count):
                visit = make_visit(make_patrol(officer), sector=make_sector())
                make_aspiration(visit, resident_name="Siti Aminah", assignee=humas)

        fill(2)
        # Session, user, permissions, the viewer's units, the data's version; tabs (which hold the count), rows; the choices
        # of the five filter drop-downs and of bulk-assign.
        with django_assert_num_queries(13):
            reviewer.get(URL)
        fill(20)
        with django_assert_num_queries(13):
            reviewer.get(URL)
        # Nothing changed since: the page's content comes from the cache (kept per viewer's units).
        with django_assert_num_queries(5):
            reviewer.get(URL)
