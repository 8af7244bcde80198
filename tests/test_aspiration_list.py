import base64
import html
import json
import re
from datetime import date, timedelta
from urllib.parse import parse_qs

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import Role
from patrols import cache as page_cache
from patrols.filters import ORDERINGS, AspirationFilter
from patrols.models import Aspiration
from patrols.services import change_aspiration
from patrols.views import aspirations

from .factories import (
    make_aspiration,
    make_category,
    make_patrol,
    make_sector,
    make_user,
    make_village,
    make_visit,
)
from .sekongkang import WITA

URL = "/aspirations/"


def listed(response):
    """The numbers of the rows shown, in order, as the page shows them (it may come from the cache)."""
    body = response if isinstance(response, str) else response.content.decode()
    return [int(number) for number in re.findall(r'class="fw-semibold">#(\d+)</a>', body)]


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

    def test_each_filter_has_its_label_and_a_refused_value_says_why_in_the_field(self, reviewer, week):
        body = reviewer.get(URL, {"kind": "bukan-jenis", "q": "a" * 201}).content.decode()
        kind = '<label for="id_kind" class="form-label">Jenis</label><select name="kind" class="form-select is-invalid"'
        assert kind in body
        assert 'aria-describedby="id_kind_error"' in body
        error = re.search(r'<div id="id_kind_error" class="invalid-feedback"><p id="error_1_id_kind"><strong>([^<]+)</strong>',
                          body)
        assert error and "bukan-jenis" in error.group(1)
        assert '<input type="text" name="q" value="' in body and 'class="form-control is-invalid"' in body
        assert "Pencarian paling panjang 200 karakter" in body
        assert '<select name="sector" class="form-select" id="id_sector">' in body

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


def link(body, rel):
    """The query string of the pager's link to the previous or next page, or None."""
    found = re.search(rf'rel="{rel}" href="\?([^"]*)"', body)
    return html.unescape(found.group(1)) if found else None


def shown(body):
    found = re.search(r"Menampilkan ([\d.]+)–([\d.]+) dari ([\d.]+)", body)
    return tuple(int(number.replace(".", "")) for number in found.groups())


@pytest.fixture
def crowd(officer):
    """Aspirations that tie on every sort key: the same minute, urgency, desa and deadline, and no deadline at all."""
    villages = [make_village(name=name) for name in ("Ai Kangkung", "Sekongkang Atas", "Tongo")]
    visits = [make_visit(make_patrol(officer), sector=make_sector(village=village)) for village in villages]
    minutes = [timezone.now() - timedelta(minutes=n) for n in range(3)]
    today = timezone.localdate()
    made = []
    urgencies = ["normal", "tinggi", "mendesak"]
    for n in range(23):
        aspiration = make_aspiration(
            visits[n % 3], created_at=minutes[n % 3 if n < 18 else 0], urgency=urgencies[n % 3 if n % 4 else 0]
        )
        closed = n % 5 == 0
        due = None if n % 4 == 0 else today + timedelta(days=n % 3 - 1)
        Aspiration.objects.filter(pk=aspiration.pk).update(
            due_date=due, status="selesai" if closed else "baru", closed_at=timezone.now() if closed else None
        )
        made.append(aspiration.pk)
    return made


def expected_order(ordering):
    """The review list's order as Python computes it, the primary key breaking ties the same way round."""
    rank = {"normal": 1, "tinggi": 2, "mendesak": 3}
    rows = Aspiration.objects.select_related("visit__sector__village")
    keys = {
        "created": lambda a: (a.created_at,),
        "urgency": lambda a: (rank[a.urgency],),
        "village": lambda a: (a.visit.sector.village.name,),
        "due": lambda a: (a.status not in Aspiration.OPEN_STATUSES, a.due_date or date.max),
        "-due": lambda a: (a.status in Aspiration.OPEN_STATUSES, a.due_date or date.min),
    }
    key = keys.get(ordering) or keys[ordering.lstrip("-")]
    return [a.pk for a in sorted(rows, key=lambda a: (*key(a), a.pk), reverse=ordering.startswith("-"))]


@pytest.mark.django_db
class TestPages:
    @pytest.fixture(autouse=True)
    def small_pages(self, monkeypatch):
        monkeypatch.setattr("patrols.views.aspirations.PAGE_SIZE", 4)

    @pytest.mark.parametrize("ordering", ORDERINGS)
    def test_walking_forward_and_back_shows_every_row_once_in_order(self, reviewer, crowd, ordering):
        query, pages = f"o={ordering}", []
        while query is not None:
            body = reviewer.get(f"{URL}?{query}").content.decode()
            pages.append(listed(body))
            assert shown(body) == (4 * len(pages) - 3, 4 * (len(pages) - 1) + len(pages[-1]), len(crowd))
            query = link(body, "next")
        assert [pk for page in pages for pk in page] == expected_order(ordering)
        assert [len(page) for page in pages] == [4, 4, 4, 4, 4, 3]

        back = []
        query = link(body, "prev")
        while query is not None:
            body = reviewer.get(f"{URL}?{query}").content.decode()
            back.insert(0, listed(body))
            query = link(body, "prev")
        assert back == pages[:-1]
        assert "Halaman pertama" not in body, "the walk back ends on the first page"

    def test_a_page_links_to_the_first_and_keeps_the_filters(self, reviewer, crowd):
        body = reviewer.get(URL, {"kind": "aspirasi", "o": "village"}).content.decode()
        assert "Halaman pertama" not in body and "Sebelumnya" not in body
        second = reviewer.get(f"{URL}?{link(body, 'next')}").content.decode()
        assert 'href="?kind=aspirasi&amp;o=village">Halaman pertama</a>' in second
        assert link(second, "next").startswith("kind=aspirasi&o=village&cursor=")

    def test_the_count_is_the_tab_s_own(self, reviewer, crowd):
        body = reviewer.get(URL, {"status": "selesai"}).content.decode()
        assert shown(body) == (1, 4, 5)

    def test_a_rows_moved_away_since_leaves_no_gap_going_back(self, reviewer, crowd):
        first = reviewer.get(URL).content.decode()
        second = reviewer.get(f"{URL}?{link(first, 'next')}").content.decode()
        Aspiration.objects.filter(pk__in=listed(first)[:2]).delete()
        back = reviewer.get(f"{URL}?{link(second, 'prev')}").content.decode()
        assert listed(back) == expected_order("-created")[:4]
        assert "Halaman pertama" not in back

    @pytest.mark.parametrize("cursor", ["", "abc", "!!", "a" * 3000, "W10:1abc:xyz", "%00", "null"])
    def test_a_malformed_cursor_gives_the_first_page(self, reviewer, crowd, cursor):
        response = reviewer.get(URL, {"cursor": cursor})
        assert response.status_code == 200
        assert listed(response.content.decode()) == expected_order("-created")[:4]

    def test_a_tampered_cursor_gives_the_first_page(self, reviewer, crowd):
        cursor = parse_qs(link(reviewer.get(URL).content.decode(), "next"))["cursor"][0]
        payload, signature = cursor.rsplit(":", 1)
        unsigned = base64.urlsafe_b64encode(json.dumps(["-created", ["2000-01-01", 1], 4, False]).encode()).decode()
        for tampered in (f"{payload[:-2]}xx:{signature}", f"{payload}:{signature[:-3]}abc", unsigned):
            assert listed(reviewer.get(URL, {"cursor": tampered}).content.decode()) == expected_order("-created")[:4]

    def test_a_cursor_of_another_order_gives_the_first_page(self, reviewer, crowd):
        by_village = parse_qs(link(reviewer.get(URL, {"o": "village"}).content.decode(), "next"))["cursor"][0]
        response = reviewer.get(URL, {"o": "urgency", "cursor": by_village})
        assert listed(response.content.decode()) == expected_order("urgency")[:4]

    @pytest.mark.parametrize("page", ["5", "2", "0", "-1", "x", "99999999999999999999"])
    def test_an_old_page_number_gives_the_first_page(self, reviewer, crowd, page):
        response = reviewer.get(URL, {"page": page})
        assert response.status_code == 200
        assert listed(response.content.decode()) == expected_order("-created")[:4]

    def test_an_empty_list_has_no_pager(self, reviewer, db):
        body = reviewer.get(URL).content.decode()
        assert "Tidak ada aspirasi" in body
        assert "Menampilkan" not in body and "Berikutnya" not in body

    def test_every_sort_the_filter_offers_has_an_ordering(self, humas):
        offered = {value for value, _ in AspirationFilter(viewer=humas).form.fields["o"].choices if value}
        assert offered == set(ORDERINGS)


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
        # Session, user, permissions, the viewer's units, the data's version; tabs (which hold the count), the page's
        # keys, its rows; the choices of the five filter drop-downs and of bulk-assign.
        with django_assert_num_queries(14):
            reviewer.get(URL)
        fill(20)
        with django_assert_num_queries(14):
            reviewer.get(URL)
        # Nothing changed since: the page's content comes from the cache (kept per viewer's units).
        with django_assert_num_queries(5):
            reviewer.get(URL)


@pytest.mark.django_db
class TestTheCachedList:
    def test_it_is_the_same_for_every_reader_of_the_units_and_the_token_is_each_reader_s(
        self, humas, week, monkeypatch
    ):
        colleague = make_user("ipda.humas", Role.HUMAS, first_name="Baiq", last_name="Sulastri", rank="Ipda")
        fragments, rendered_with = [], []
        figures, render = page_cache.figures, aspirations.render_to_string

        def keep(name, params, compute, version=None):
            value = figures(name, params, compute, version)
            if name == "review_list":
                fragments.append(value)
            return value

        def render_without_request(template_name, context=None, request=None, using=None):
            rendered_with.append(request)
            return render(template_name, context, request, using)

        monkeypatch.setattr(page_cache, "figures", keep)
        monkeypatch.setattr(aspirations, "render_to_string", render_without_request)
        tokens = []
        for reader in (humas, colleague):
            client = Client()
            client.force_login(reader)
            body = client.get(URL, {"o": "village"}).content.decode()
            tokens += re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)" form="bulk-assign"', body)
            assert fragments[0] in body

        assert rendered_with == [None], "rendered once, for the first reader, without the request"
        assert len(fragments) == 1, "the second reader is served the page kept whole (patrols.cache.page)"
        assert "csrfmiddlewaretoken" not in fragments[0]
        assert len(tokens) == 2 and tokens[0] != tokens[1]
