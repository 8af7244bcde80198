"""The benchmark's pure parts: statistics, tables, the report file, form filling, URL lookup and who reads each page.

The benchmark itself (`make bench`) seeds and serves a database of its own and is not run here; its fresh tables'
steps run against a live server in tests/test_bench_fresh.py.
"""

from datetime import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Unit, User
from django.utils import timezone

from bench.after_write import AfterWrite, Read, after_write_table
from bench.client import BenchError, parse_form, same_origin_assets
from bench.load import Weight, is_fresh, validators
from bench.mixed import OFFICER, PROBE, REVIEWER, MixedLoad, Record, mixed_table, summarize_records
from bench.pages import (
    AFTER_WRITE_ROUTES, GEOJSON, MIXED_ROUTES, NO_READER, NOT_AVAILABLE, PAGES, POLRES, POLSEK, reader, Ids, Page,
    accounts_at_work, geojson_pages, humas_pages, is_known, pages_for_build, url_for, visit_report,
    visit_with_aspiration,
)
from bench.report import (
    END_MARKER, FRESH_END, FRESH_START, START_MARKER, fresh_part, latency_table, markdown_table, replace_block,
    replace_fresh, weight_table,
)
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


ASPIRATION_ROW = """
<template id="aspiration-template">
  <select name="aspirations-__prefix__-kind"><option value="aspirasi" selected>Aspirasi</option></select>
  <select name="aspirations-__prefix__-urgency"><option value="normal" selected>Normal</option></select>
  <select name="aspirations-__prefix__-category"><option value="">---------</option><option value="4">Kamtibmas</option>
  </select>
  <textarea name="aspirations-__prefix__-description"></textarea>
  <input type="checkbox" name="aspirations-__prefix__-is_anonymous">
</template>
"""


def test_a_visit_with_an_aspiration_fills_the_first_row_from_the_forms_empty_one():
    total = '<input type="hidden" name="aspirations-TOTAL_FORMS" value="0">'
    form = parse_form(VISIT_FORM.replace(total, total + ASPIRATION_ROW))

    data = visit_with_aspiration(form)

    assert data["aspirations-TOTAL_FORMS"] == "1"
    assert (data["aspirations-0-kind"], data["aspirations-0-urgency"]) == (["aspirasi"], ["normal"])
    assert data["aspirations-0-category"] == "4"
    assert data["aspirations-0-is_anonymous"] == "on" and data["aspirations-0-description"]
    assert data["sector"] == "12" and data["client_uuid"] != visit_with_aspiration(form)["client_uuid"]
    filed_at = datetime.strptime(data["visited_at"], "%Y-%m-%dT%H:%M")
    now = timezone.localtime().replace(tzinfo=None)
    assert abs((now - filed_at).total_seconds()) < 120


def test_a_visit_form_without_an_aspiration_row_stops_the_benchmark():
    with pytest.raises(BenchError):
        visit_with_aspiration(parse_form(VISIT_FORM))


def test_the_fresh_tables_read_the_humas_pages_and_every_layer_but_no_export():
    after = [page.label for page in humas_pages(AFTER_WRITE_ROUTES)]
    mixed = [page.label for page in humas_pages(MIXED_ROUTES)]

    assert {
        "/aspirations/", "/aspirations/?status=baru", "/aspirations/?overdue=1&urgency=tinggi", "/dashboard/",
        "/aspirations/<id>/", "/map/sectors.geojson", "/map/aspirations.geojson", "/map/visits.geojson",
    } <= set(after)
    assert not [label for label in after if "export" in label]
    assert after.count("/warnings/") == 1
    assert "/aspirations/<id>/" not in mixed and {"/dashboard/", "/map/visits.geojson"} <= set(mixed)


def test_the_accounts_at_work_are_demo_officers_and_reviewers(db):
    call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())
    users = User.objects.filter(username__in=accounts_at_work())

    assert users.count() == len(accounts_at_work()) == 12
    assert sum(user.is_officer for user in users) == 8
    assert sum(user.is_reviewer for user in users) == 4


def record(role, status, seconds, *, level=None, label="POST"):
    return Record(role, level, label, status, seconds)


def test_the_mixed_load_summary_counts_errors_and_takes_percentiles_of_what_succeeded():
    reads = [record(REVIEWER, 200, ms / 1000, level=POLSEK, label="/dashboard/") for ms in range(1, 101)]
    records = [
        *reads,
        record(REVIEWER, 304, 0.5, level=POLRES, label="/map/sectors.geojson"),
        record(REVIEWER, 500, 9.0, level=POLRES, label="/dashboard/"),
        record(REVIEWER, None, 0.0, level=POLRES, label="/dashboard/"),
        record(OFFICER, 302, 0.040),
        record(OFFICER, 302, 0.060),
        # The form shown again with its errors: nothing was filed.
        record(OFFICER, 200, 0.010),
        record(PROBE, 200, 0.002, label="/healthz"),
    ]

    summary = summarize_records(records, seconds=10, levels=[POLSEK, POLRES], labels=["/map/sectors.geojson"])

    assert (summary["read"].requests, summary["read"].errors) == (103, 2)
    assert summary["read_by_level"][POLSEK].p95_ms == pytest.approx(95.05)
    assert summary["read_by_level"][POLSEK].max_ms == pytest.approx(100)
    assert list(summary["read_by_level"]) == [POLSEK, POLRES]
    assert (summary["read_by_level"][POLRES].requests, summary["read_by_level"][POLRES].errors) == (3, 2)
    assert [label for label, _ in summary["read_by_page"]] == ["/map/sectors.geojson", "/dashboard/"]
    assert dict(summary["read_by_page"])["/map/sectors.geojson"].p50_ms == pytest.approx(500)
    assert (summary["filed"].requests, summary["filed"].errors) == (3, 1)
    assert summary["filed"].p50_ms == pytest.approx(50)
    assert (summary["probe"].requests, summary["probe"].errors) == (1, 0)


def mixed_load(read_ms, filed_ms, errors=0):
    read = summarize([read_ms / 1000] * 20, errors=errors, seconds=60)
    filed = summarize([filed_ms / 1000] * 20, errors=0, seconds=60)
    probe = summarize([0.003] * 20, errors=0, seconds=60)
    return MixedLoad(
        seconds=60, officers=8, reviewers={POLSEK: 2, POLRES: 2}, pause=1.0, filed=filed, read=read,
        read_by_level={POLSEK: read, POLRES: read}, read_by_page=[("/dashboard/", read)], probe=probe,
    )


def test_the_mixed_load_table_says_which_target_holds():
    floor = summarize([0.002] * 50, errors=0, seconds=1)

    passing = mixed_table(mixed_load(read_ms=120, filed_ms=90), floor)
    failing = mixed_table(mixed_load(read_ms=300, filed_ms=90, errors=1), floor)

    reviewers = next(line for line in passing.splitlines() if line.startswith("| reviewers, every read"))
    assert "≤ 250" in reviewers and "yes" in reviewers and "60.0×" in reviewers
    officers = next(line for line in failing.splitlines() if line.startswith("| officers"))
    assert "≤ 150" in officers and "yes" in officers
    assert "**no**" in next(line for line in failing.splitlines() if line.startswith("| reviewers, every read"))
    assert "reviewers’ p95 ≤ 250 ms holds" in passing and "0 errors holds (0 of 60 requests)" in passing
    assert "reviewers’ p95 ≤ 250 ms does **not** hold (300 ms)" in failing
    assert "0 errors does **not** hold (1 of 61 requests)" in failing
    assert "--no-mixed" in mixed_table(None, floor)


def test_the_after_write_table_gives_each_page_and_viewer_against_the_floor_and_target():
    floor = summarize([0.002] * 50, errors=0, seconds=1)
    fast = summarize([0.040] * 29, errors=0, seconds=1)
    slow = summarize([0.040] * 27 + [0.300] * 2, errors=1, seconds=1)
    result = AfterWrite(
        rounds=30, officer="petugas", post=summarize([0.080] * 60, errors=0, seconds=1),
        reads=[Read("/dashboard/", POLSEK, "humaspolsek", fast), Read("/dashboard/", POLRES, "humas", slow)],
    )

    table = after_write_table(result, floor)
    lines = table.splitlines()

    assert lines[2].startswith("| /healthz (floor)")
    polsek = next(line for line in lines if "humaspolsek (Polsek)" in line)
    assert "20.0×" in polsek and "≤ 150" in polsek and "yes" in polsek and "0/29" in polsek
    polres = next(line for line in lines if "humas (Polres)" in line)
    assert "**no**" in polres and "300" in polres and "1/30" in polres
    assert "POST a visit with an aspiration" in lines[-3] and "0/60" in lines[-3]
    assert "holds for 1 of 2 page × viewer; not for /dashboard/ (humas). Errors: 1." in lines[-1]
    assert "--no-after-write" in after_write_table(None, floor)


def test_only_the_fresh_tables_are_rewritten_when_asked():
    document = f"# Kinerja\n\n{START_MARKER}\nold pages\n\n{fresh_part('old fresh')}\n{END_MARKER}\n\nAfter.\n"

    updated = replace_fresh(document, "new fresh")

    assert updated == document.replace("old fresh", "new fresh")
    assert replace_block(document, f"new pages\n\n{fresh_part('f')}").count(FRESH_START) == 1


def test_fresh_tables_join_a_block_that_has_none_yet():
    document = f"# Kinerja\n\n{START_MARKER}\nold pages\n{END_MARKER}\n\nAfter.\n"

    updated = replace_fresh(document, "fresh")

    assert updated == (
        f"# Kinerja\n\n{START_MARKER}\nold pages\n\n{FRESH_START}\nfresh\n{FRESH_END}\n{END_MARKER}\n\nAfter.\n"
    )
    assert replace_fresh("", "fresh") == f"{START_MARKER}\n{FRESH_START}\nfresh\n{FRESH_END}\n{END_MARKER}\n"
