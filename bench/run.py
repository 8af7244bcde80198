"""Seed PostgreSQL at a Polres's size, serve the app with gunicorn, log in, measure every page, report.

    make bench VISITS=300000 ASPIRATIONS=1000000

All traffic goes to 127.0.0.1; every step is bounded in requests and time.
"""

import os

from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bench import database, export, photos, report
from bench.client import log_in
from bench.cold import cold_table, measure_cold
from bench.export import export_everything
from bench.fresh import fresh_block, measure_fresh
from bench.load import measure, weigh
from bench.pages import NO_READER, NOT_AVAILABLE, POLRES, POLSEK, VIEWERS, pages_for_build, reader, url_for, usernames
from bench.photos import measure_photos
from bench.report import latency_table, milliseconds, weight_table
from bench.server import gunicorn
from bench.settings import WORK_DIR
from accounts.models import User
from demo.data import DEMO_PASSWORD


def run(args):
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    load_before = os.getloadavg()[0]
    print(f"Database {args.database}: {args.visits} visits, {args.aspirations} aspirations wanted.", flush=True)
    seeding = database.prepare(args.database, visits=args.visits, aspirations=args.aspirations, seed=args.seed)
    print(seeding.output or "Reusing the data already there.", flush=True)
    call_command("collectstatic", interactive=False, verbosity=0)
    size = database.size()
    ids = database.bench_ids()
    try:
        cached = None if args.only_fresh else measure_cached(args, ids, size)
        fresh = measure_fresh(args, ids) if args.after_write or args.mixed else None
    finally:
        database.remove_bench_patrols()
    fresh_text = (
        fresh_block(fresh, args, size) if fresh
        else "The fresh tables were not measured (`--no-after-write --no-mixed`)."
    )
    if args.only_fresh:
        block = fresh_text
    else:
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            postgresql = cursor.fetchone()[0]
        context = {
            "args": args,
            "when": timezone.localtime(),
            "machine": report.machine(postgresql),
            "load": (load_before, os.getloadavg()[0]),
            "size": size,
            "seeding": seeding,
            "fresh": report.fresh_part(fresh_text),
            **cached,
        }
        block = render(context)
    print(f"\n{block}")
    report.write_report(args.report, block, only_fresh=args.only_fresh)
    print(f"\nWritten to {args.report}.")


def measure_cached(args, ids, size):
    """The tables of the pages as served with the page cache on, the export, the photos and the empty-cache pages."""
    with gunicorn(dict(os.environ), workers=args.workers, log_path=WORK_DIR / "gunicorn.log") as server:
        port = server.port
        sessions = {user: log_in(port, user, DEMO_PASSWORD) for user in usernames()}
        results, weights = {}, []
        for level in (POLSEK, POLRES):
            print(f"\nAs a {level} viewer:", flush=True)
            results[level], measured = measure_pages(pages_for_build(), ids, port, sessions, args, level)
            weights += measured
        exported = None
        if args.export:
            print("Exporting every aspiration as CSV…", flush=True)
            exported = export_everything(server, sessions["humas"])
            print(export.describe(exported, size.aspirations), flush=True)
        photos_posted = []
        if args.photos:
            print("Visit reports with the costliest photos…", flush=True)
            photos_posted = measure_photos(server, sessions["petugas"], reverse("visit_new", args=(ids.patrol,)))
    cold = []
    if args.cold:
        print("The same pages with an empty cache…", flush=True)
        users = {name: User.objects.get(username=name) for name in ("humas", "petugas")}
        cold = measure_cold(ids, users)
    return {"results": results, "weights": weights, "export": exported, "photos": photos_posted, "cold": cold}


def measure_pages(pages, ids, port, sessions, args, level):
    """(page, user, single, concurrent) per page as `level`'s viewers read it, and the officer pages' weights
    (weighed once, as the Polsek's officer loads them)."""
    results, weights = [], []
    weighs = level == POLSEK
    for page in pages:
        url = url_for(page, ids)
        user = reader(page, level)
        label = f"{page.method} {page.label} ({user or 'anonymous'})"
        if url is None or (page.user and user is None):
            print(f"{label}: {NOT_AVAILABLE if url is None else NO_READER}", flush=True)
            results.append((page, user, None, None))
            weights += [(page, None)] if page.officer_page and weighs else []
            continue
        cookies = sessions.get(user, {})
        bounds = {"seconds": args.seconds, "requests": args.requests}
        single = measure(page, url, port, cookies, users=1, **bounds)
        bounds["requests"] *= args.concurrency
        concurrent = measure(page, url, port, cookies, users=args.concurrency, **bounds)
        results.append((page, user, single, concurrent))
        print(f"{label}: p50 {milliseconds(single.p50_ms)} ms, p95 {milliseconds(single.p95_ms)} ms; "
              f"{args.concurrency} users: p50 {milliseconds(concurrent.p50_ms)} ms", flush=True)
        if page.officer_page and weighs:
            weights.append((page, weigh(url, port, cookies)))
    return results, weights


def render(context):
    args, size, seeding = context["args"], context["size"], context["seeding"]
    results, weights = context["results"], context["weights"]
    tables = {level: latency_table(rows, floor_of(rows), args.concurrency) for level, rows in results.items()}
    seeded = f"seeded by this run in {seeding.seconds:.0f} s" if seeding.seeded else "seeded by an earlier run"
    return f"""## Latest `make bench`

`make bench VISITS={args.visits} ASPIRATIONS={args.aspirations}`, {context["when"]:%Y-%m-%d %H:%M} WITA.

- Machine: {context["machine"].describe()}. Load average {context["load"][0]:.1f} at the start and \
{context["load"][1]:.1f} at the end (other jobs share this machine).
- Server: gunicorn, {args.workers} sync workers (`--timeout 300`, as README.md advises for exports), DEBUG=0, WhiteNoise with compressed, hashed static files.
- Data: {size.visits:,} visits, {size.aspirations:,} aspirations, {size.updates:,} follow-up steps, \
{size.patrols:,} patrols, {size.sectors:,} sectors, {size.officers:,} officers ({seeded}).
- Each page: {args.requests} requests by one user, then {args.requests * args.concurrency} by {args.concurrency} \
users at once, each run cut at {args.seconds:g} s, after 3 warm-up requests. Latency is measured at the client, \
from sending the request to the last byte; "p50 ÷ floor" compares with `/healthz`.

As a Polsek viewer ({", ".join(VIEWERS[POLSEK].values())} of Polsek Sekongkang, one of the 8 Polsek):

{tables[POLSEK]}

As a Polres viewer (the Polres's Kasi Humas `{VIEWERS[POLRES]["humas"]}`, who sees all 8 Polsek; the superuser \
for the admin; officers serve in a Polsek, so their pages but the map are not read at this level):

{tables[POLRES]}

Officer pages as a phone downloads them, compressed (`Accept-Encoding: gzip`): the page and the files it \
references on a first load; on a repeat load the files still fresh by their `Cache-Control` are not asked for again.

{weight_table(weights)}

{export.describe(context["export"], size.aspirations)}

{photos.describe(context["photos"])}

{cold_table(context["cold"])}

{context["fresh"]}
"""


def floor_of(results):
    return next((single.p50_ms for page, _, single, _ in results if page.route == "healthz" and single), None)
