"""The benchmark's pure parts: statistics, tables, the report file, form filling, URL lookup and who reads each page.

The benchmark itself (`make bench`) seeds and serves a database of its own and is not run here.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Unit, User
from bench.client import parse_form, same_origin_assets
from bench.load import Weight, is_fresh, validators
from bench.pages import GEOJSON, NO_READER, NOT_AVAILABLE, PAGES, POLRES, POLSEK, reader, Ids, Page, geojson_pages, is_known, pages_for_build, url_for, visit_report
from bench.report import END_MARKER, START_MARKER, latency_table, markdown_table, replace_block, weight_table
from bench.stats import percentile, summarize

IDS = Ids(patrol=3, visit=5, aspiration=7, warning=9)
VISIT_FORM = """
<form method="post" action="/accounts/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="t"></form>
<form method="post" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="t">
  <input type="hidden" name="client_uuid" value="0b7e4a6c-0000-4000-8000-000000000000">
  <select name="sector"><option value="">— pilih sektor —</option><option value="12">Pasar Tongo</option></select>
  <select name="kind"><option value="a">A</option><option value="b" selected>B</option></select>
  <input type="radio" name="situation" value="aman" checked><input type="radio" name="situation" value="rawan">
  <input type="checkbox" name="appeals" value="1" checked><input type="checkbox" name="appeals" value="2">
  <input type="checkbox" name="early_warning">
  <input type="file" name="photos"><input type="submit" name="save" value="Simpan">
  <textarea name="summary">Sudah ada</textarea>
  <input type="hidden" name="aspirations-TOTAL_FORMS" value="0">
</form>
"""


def test_percentiles_interpolate_between_ranks():
    values = list(range(1, 101))

    assert percentile(values, 0.5) == pytest.approx(50.5)
    assert percentile(values, 0.95) == pytest.approx(95.05)
    assert percentile([4.0], 0.95) == 4.0
    assert percentile([], 0.5) is None


def test_a_summary_counts_errors_and_reports_milliseconds():
    summary = summarize([0.010, 0.020, 0.030], errors=1, seconds=0.5)

    assert (summary.requests, summary.errors) == (4, 1)
    assert summary.p50_ms == pytest.approx(20)
    assert summary.per_second == pytest.approx(6)
    assert summarize([], errors=2, seconds=1).p50_ms is None


def test_a_markdown_table_lines_up_and_aligns_numbers_right():
    table = markdown_table(["page", "ms"], [["/healthz", 2], ["/dashboard/", 140]], numeric={1})

    assert table.splitlines() == [
        "| page        |  ms |",
        "| ----------- | --: |",
        "| /healthz    |   2 |",
        "| /dashboard/ | 140 |",
    ]


def test_the_latency_table_shows_missing_pages_and_the_floor_ratio():
    floor = Page("/healthz (floor)", None, "healthz")
    fast = summarize([0.002] * 10, errors=0, seconds=0.02)
    slow = summarize([0.010] * 10, errors=1, seconds=0.1)
    missing = Page("/dashboard/", "humas", "dashboard")

    unread = Page("/patrols/", "petugas", "patrol_list")

    table = latency_table(
        [
            (floor, None, fast, fast),
            (missing, "humas", None, None),
            (unread, None, None, None),
            (floor, None, slow, slow),
        ],
        floor_ms=2,
        concurrency=8,
    )

    assert "p50 ms ×8" in table.splitlines()[0]
    assert NOT_AVAILABLE in next(line for line in table.splitlines() if "/dashboard/" in line)
    assert NO_READER in next(line for line in table.splitlines() if "/patrols/" in line)
    assert "5.0×" in table.splitlines()[-1]
    assert "2/22" in table.splitlines()[-1]


def test_the_weight_table_gives_kilobytes_and_requests():
    page = Page("/patrols/", "petugas", "patrol_list", officer_page=True)

    table = weight_table([(page, Weight(2048, 5, 512, 1)), (page, None)])

    assert "2.0 KB" in table and "0.5 KB" in table
    assert NOT_AVAILABLE in table.splitlines()[-1]


def test_the_report_keeps_what_was_written_around_its_block():
    document = f"# Kinerja\n\nBefore.\n\n{START_MARKER}\nold table\n{END_MARKER}\n\nAfter.\n"

    updated = replace_block(document, "new table")

    assert updated == f"# Kinerja\n\nBefore.\n\n{START_MARKER}\nnew table\n{END_MARKER}\n\nAfter.\n"
    assert replace_block("# Kinerja\n", "t") == f"# Kinerja\n\n{START_MARKER}\nt\n{END_MARKER}\n"
    assert replace_block("", "t") == f"{START_MARKER}\nt\n{END_MARKER}\n"


def test_a_form_is_sent_as_a_browser_would_send_it_untouched():
    form = parse_form(VISIT_FORM)

    assert form.data() == {
        "csrfmiddlewaretoken": ["t"],
        "client_uuid": ["0b7e4a6c-0000-4000-8000-000000000000"],
        "kind": ["b"],
        "situation": ["aman"],
        "appeals": ["1"],
        "summary": ["Sudah ada"],
        "aspirations-TOTAL_FORMS": ["0"],
        "sector": [""],
    }
    assert form.choices["sector"] == ["", "12"]


def test_each_visit_report_picks_a_place_and_a_fresh_client_uuid():
    form = parse_form(VISIT_FORM)

    first, second = visit_report(form), visit_report(form)

    assert first["sector"] == "12"
    assert first["csrfmiddlewaretoken"] == ["t"]
    assert first["client_uuid"] != second["client_uuid"]


def test_only_the_files_a_page_loads_from_its_own_server_count():
    html = """
    <link rel="stylesheet" href="/static/css/app.abc.css"><link rel="icon" href="/static/img/favicon.svg">
    <link rel="canonical" href="/patrols/"><script src="/static/js/app.js"></script>
    <script src="/static/js/app.js"></script><img src="https://tile.openstreetmap.org/1/1/1.png">
    <img src="//cdn.example/x.png"><img src="/media/visits/1.jpg">
    """

    assert same_origin_assets(html) == [
        "/static/css/app.abc.css", "/static/img/favicon.svg", "/static/js/app.js", "/media/visits/1.jpg",
    ]


def test_a_file_fresh_by_its_max_age_is_not_asked_for_again():
    assert is_fresh({"cache-control": "max-age=315360000, public, immutable"})
    assert not is_fresh({"cache-control": "max-age=0"})
    assert not is_fresh({"cache-control": "no-cache, max-age=60"})
    assert not is_fresh({})
    assert validators({"etag": '"x"', "last-modified": "Sat"}) == {"If-None-Match": '"x"', "If-Modified-Since": "Sat"}


def test_routes_are_found_by_name_and_missing_ones_say_so():
    assert is_known("healthz")
    assert is_known("admin:patrols_aspiration_changelist")
    assert not is_known("no_such_page")
    assert not is_known("no_such_namespace:index")
    assert url_for(Page("x", None, "healthz", query="a=1"), IDS) == "/healthz?a=1"
    assert url_for(Page("x", "admin", "admin:patrols_aspiration_change", args=lambda ids: (ids.aspiration,)), IDS) == (
        "/admin/patrols/aspiration/7/change/"
    )
    assert url_for(Page("x", "humas", "no_such_page"), IDS) is None


def test_every_named_page_of_the_benchmark_is_in_this_build():
    """With the branches merged, a page shown as not available would be a renamed route."""
    assert [page.label for page in PAGES if page is not GEOJSON and url_for(page, IDS) is None] == []


def test_every_layer_of_the_map_is_measured_by_its_own_url():
    urls = [url_for(page, IDS) for page in geojson_pages()]

    assert urls == [f"/map/{name}.geojson" for name in ("districts", "villages", "sectors", "aspirations", "visits")]
    assert GEOJSON not in pages_for_build()
    assert [page.label for page in pages_for_build()].count("/map/visits.geojson") == 1


def test_each_page_has_a_polsek_reader_and_the_polres_reads_its_humas_pages_and_the_map():
    pages = {page.label: page for page in pages_for_build()}

    assert reader(pages["/dashboard/"], POLSEK) == "humaspolsek" and reader(pages["/dashboard/"], POLRES) == "humas"
    assert reader(pages["/map/"], POLSEK) == "petugas" and reader(pages["/map/"], POLRES) == "humas"
    assert reader(pages["/map/sectors.geojson"], POLRES) == "humas"
    assert reader(pages["/patrols/"], POLRES) is None
    assert reader(pages["/admin/patrols/visit/"], POLRES) == "superadmin"
    assert all(reader(page, POLSEK) for page in pages.values() if page.user)


def test_the_readers_are_demo_accounts_of_their_level(db):
    call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())
    users = User.objects.select_related("unit")
    for page in pages_for_build():
        polsek, polres = reader(page, POLSEK), reader(page, POLRES)
        if polsek:
            assert users.get(username=polsek).unit.kind == Unit.Kind.POLSEK
        if polres:
            user = users.get(username=polres)
            assert user.is_superuser or user.unit.kind == Unit.Kind.POLRES
