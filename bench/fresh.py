"""The fresh tables: what reviewers wait for while the data changes, measured with the page cache off.

A gunicorn of its own, with the same settings as the cached run but `PAGE_CACHE=0`, serves two steps: each Humas page
and map layer read right after an officer filed a visit (bench/after_write.py), and a minute of officers filing while
reviewers read (bench/mixed.py). Both are compared with `/healthz` measured on that server just before.
"""

import os
from dataclasses import dataclass

from django.utils import timezone

from bench import database
from bench.after_write import after_write_table, measure_after_write
from bench.client import log_in
from bench.filing import Officer
from bench.load import run as run_requests
from bench.mixed import mixed_table, run_mixed
from bench.pages import (
    AFTER_WRITE_ROUTES, HUMAS, MIXED_ROUTES, NOT_AVAILABLE, OFFICER, OFFICERS_AT_WORK, POLRES, POLSEK,
    REVIEWERS_AT_WORK, VIEWERS, humas_pages, url_for,
)
from bench.report import milliseconds
from bench.server import gunicorn
from bench.settings import WORK_DIR
from demo.data import DEMO_PASSWORD

FLOOR_REQUESTS = 50
FLOOR_SECONDS = 30


@dataclass(frozen=True)
class Fresh:
    floor: object
    after_write: object
    mixed: object
    load: tuple


def urls(routes, ids, progress):
    found = []
    for page in humas_pages(routes):
        url = url_for(page, ids)
        if url is None:
            progress(f"{page.label}: {NOT_AVAILABLE}")
        else:
            found.append((page.label, url))
    return found


def measure_fresh(args, ids, progress=print):
    """Both steps as args asks (`--no-after-write`, `--no-mixed`); the visits they file are bench patrols'."""
    patrols = database.bench_patrols(OFFICERS_AT_WORK) if args.mixed else {}
    load_before = os.getloadavg()[0]
    environment = {**os.environ, "PAGE_CACHE": "0"}
    with gunicorn(environment, workers=args.workers, log_path=WORK_DIR / "gunicorn-fresh.log") as server:
        port = server.port
        floor = run_requests(lambda client: client.get("/healthz"), 200, port, {}, users=1,
                             requests=FLOOR_REQUESTS, seconds=FLOOR_SECONDS)
        progress(f"Page cache off: /healthz p50 {milliseconds(floor.p50_ms)} ms, p95 {milliseconds(floor.p95_ms)} ms.")
        after_write = None
        if args.after_write:
            progress(f"Each Humas page read right after a visit is filed, {args.rounds} rounds…")
            readers = {level: (VIEWERS[level][HUMAS], log_in(port, VIEWERS[level][HUMAS], DEMO_PASSWORD))
                       for level in (POLSEK, POLRES)}
            officer = Officer(port, OFFICER, log_in(port, OFFICER, DEMO_PASSWORD), ids.patrol)
            try:
                after_write = measure_after_write(port, officer, readers, urls(AFTER_WRITE_ROUTES, ids, progress),
                                                  rounds=args.rounds, progress=progress)
            finally:
                officer.close()
        mixed = None
        if args.mixed:
            progress(f"Mixed load for {args.mixed_seconds:g} s…")
            officers = [Officer(port, name, log_in(port, name, DEMO_PASSWORD), patrols[name])
                        for name in OFFICERS_AT_WORK]
            reviewers = {level: [log_in(port, name, DEMO_PASSWORD) for name in names]
                         for level, names in REVIEWERS_AT_WORK.items()}
            try:
                mixed = run_mixed(port, officers, reviewers, urls(MIXED_ROUTES, ids, progress),
                                  seconds=args.mixed_seconds, pause=args.reviewer_pause, seed=args.seed)
            finally:
                for officer in officers:
                    officer.close()
    return Fresh(floor=floor, after_write=after_write, mixed=mixed, load=(load_before, os.getloadavg()[0]))


def fresh_block(fresh, args, size):
    """The two tables with what they were measured on, for the benchmark's block of docs/PERFORMANCE.md."""
    floor = fresh.floor
    polsek, polres = REVIEWERS_AT_WORK[POLSEK], REVIEWERS_AT_WORK[POLRES]
    mixed = fresh.mixed
    mixed_setup = (
        f"{len(OFFICERS_AT_WORK)} officers ({', '.join(OFFICERS_AT_WORK)}: 4 of Polsek Sekongkang, 2 each of Maluk "
        f"and Jereweh, each in their own session and patrol) file a visit with one aspiration every 2–4 s, jittered; "
        f"{len(polsek) + len(polres)} reviewers, {' and '.join(polsek)} at their Polsek and {' and '.join(polres)} at "
        f"the Polres, read the review list, the dashboard and the map's layers in turn, pausing "
        f"{args.reviewer_pause / 2:g}–{args.reviewer_pause * 3 / 2:g} s between pages; `/healthz` is asked every "
        f"0.5 s. A POST is an error unless it answers 302 (filed), any other request unless 2xx or 3xx"
        + (f"; the run lasted {mixed.seconds:.0f} s." if mixed else ".")
    )
    return f"""### With the page cache off: right after a write, and under mixed load

{timezone.localtime():%Y-%m-%d %H:%M} WITA, {size.visits:,} visits and {size.aspirations:,} aspirations: the same \
gunicorn ({args.workers} sync workers), started again with `PAGE_CACHE=0`, so every page computes its figures. \
Load average {fresh.load[0]:.1f} at the start and {fresh.load[1]:.1f} at the end. Floor: `/healthz`, \
{floor.requests} requests by one user on this server just before, p50 {milliseconds(floor.p50_ms)} ms, \
p95 {milliseconds(floor.p95_ms)} ms. No request carries a conditional header, so no page is answered 304.

**Right after a write.** {args.rounds} rounds; in each, for every page and both viewers ({VIEWERS[POLSEK][HUMAS]}, \
the Polsek Sekongkang Humas, and {VIEWERS[POLRES][HUMAS]}, the Polres's), the officer `{OFFICER}` files a visit \
with one aspiration over HTTP, then the viewer reads the page once.

{after_write_table(fresh.after_write, floor)}

**Mixed load**, {args.mixed_seconds:g} s. {mixed_setup}

{mixed_table(mixed, floor)}
"""
