"""Median EXPLAIN ANALYZE times of the aspiration queries behind the counts, lists and the admin changelist.

    .venv/bin/python -m bench.explain [postgres://postgres@127.0.0.1:5432/patroli_bench]

Prints a Markdown table (query, median of 7 runs, the plan's scan) for docs/PERFORMANCE.md.
The SQL is what the ORM sends for Aspiration.objects.open(), .overdue() and the admin.
"""

import statistics
import sys

import psycopg

from bench.settings import DEFAULT_DATABASE_URL

OPEN = "status IN ('baru', 'diverifikasi', 'ditindaklanjuti', 'diteruskan')"
QUERIES = {
    "open().count()": f"SELECT count(*) FROM patrols_aspiration WHERE {OPEN}",
    "overdue().count()": f"SELECT count(*) FROM patrols_aspiration WHERE {OPEN} AND due_date < CURRENT_DATE",
    "open() newest first, first page": (
        f"SELECT * FROM patrols_aspiration WHERE {OPEN} ORDER BY created_at DESC LIMIT 25"
    ),
    "open() newest first, offset 5000": (
        f"SELECT * FROM patrols_aspiration WHERE {OPEN} ORDER BY created_at DESC LIMIT 25 OFFSET 5000"
    ),
    "open() mendesak, newest first": (
        f"SELECT * FROM patrols_aspiration WHERE {OPEN} AND urgency = 'mendesak' ORDER BY created_at DESC LIMIT 25"
    ),
    "admin changelist, rows": "SELECT * FROM patrols_aspiration ORDER BY created_at DESC, id DESC LIMIT 100",
    "admin changelist, count": "SELECT count(*) FROM patrols_aspiration",
    "admin date_hierarchy, years": (
        "SELECT DISTINCT date_trunc('year', created_at AT TIME ZONE 'Asia/Makassar') FROM patrols_aspiration"
        " WHERE created_at IS NOT NULL ORDER BY 1"
    ),
    "admin assignee filter, choices": "SELECT DISTINCT assignee_id FROM patrols_aspiration",
}
RUNS = 7
# Plan nodes above the scan that says which index did the work.
WRAPPERS = {
    "Limit", "Aggregate", "Finalize Aggregate", "Partial Aggregate", "Gather", "Gather Merge", "Unique", "Sort",
    "Incremental Sort", "HashAggregate",
}


def scan_of(plan):
    while plan.get("Plans") and plan["Node Type"] in WRAPPERS:
        plan = plan["Plans"][0]
    return f"{plan['Node Type']} {plan.get('Index Name', plan.get('Relation Name', ''))}".strip()


def main(database_url):
    print("| query | median | scan |\n| --- | ---: | --- |")
    with psycopg.connect(database_url) as connection:
        for label, sql in QUERIES.items():
            times = []
            for _ in range(RUNS):
                (result,) = connection.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}").fetchone()[0]
                times.append(result["Execution Time"])
            print(f"| {label} | {statistics.median(times):.2f} ms | {scan_of(result['Plan'])} |")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DATABASE_URL)
