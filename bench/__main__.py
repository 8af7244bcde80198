"""`python -m bench`: see bench/run.py. Django is set up here, before the benchmark's modules import models."""

import argparse
import os
import signal
import sys
from pathlib import Path

import django

from bench.settings import DEFAULT_DATABASE_URL, REPORT, production_environment


def parse_args(argv):
    parser = argparse.ArgumentParser(prog="python -m bench", description="Seed, serve, measure, report.")
    parser.add_argument("--visits", type=int, default=30_000)
    parser.add_argument("--aspirations", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--database", default=DEFAULT_DATABASE_URL, help="PostgreSQL URL; its name must say bench")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers")
    parser.add_argument("--concurrency", type=int, default=8, help="users at once in the second run of each page")
    parser.add_argument("--requests", type=int, default=50, help="requests per user and run, at most")
    parser.add_argument("--seconds", type=float, default=15, help="wall-clock budget of each run")
    parser.add_argument("--report", type=Path, default=REPORT)
    parser.add_argument(
        "--no-export", dest="export", action="store_false", help="skip the CSV export of every aspiration"
    )
    parser.add_argument(
        "--no-photos", dest="photos", action="store_false", help="skip the visit reports with the costliest photos"
    )
    parser.add_argument("--no-cold", dest="cold", action="store_false", help="skip the pages with an empty cache")
    fresh = parser.add_argument_group("the fresh tables, measured with PAGE_CACHE=0")
    fresh.add_argument(
        "--no-after-write", dest="after_write", action="store_false",
        help="skip the pages read right after a write",
    )
    fresh.add_argument("--rounds", type=int, default=30, help="rounds of the pages read right after a write")
    fresh.add_argument("--no-mixed", dest="mixed", action="store_false", help="skip the mixed load")
    fresh.add_argument("--mixed-seconds", type=float, default=60, help="length of the mixed load")
    fresh.add_argument(
        "--reviewer-pause", type=float, default=1.0,
        help="mean pause of a reviewer between pages under the mixed load, in seconds (0: none)",
    )
    fresh.add_argument(
        "--only-fresh", action="store_true",
        help="measure only the fresh tables and rewrite only them in the report",
    )
    args = parser.parse_args(argv)
    if args.only_fresh and not (args.after_write or args.mixed):
        parser.error("--only-fresh with --no-after-write and --no-mixed leaves nothing to measure")
    if args.rounds < 1 or args.mixed_seconds <= 0 or args.reviewer_pause < 0:
        parser.error("--rounds must be at least 1, --mixed-seconds above 0, --reviewer-pause not below 0")
    return args


args = parse_args(sys.argv[1:])
os.environ.update(production_environment(args.database))
django.setup()
# `timeout` and kill send SIGTERM: leave through the finally blocks that stop gunicorn.
signal.signal(signal.SIGTERM, lambda *_: sys.exit("Benchmark stopped by SIGTERM."))

from bench.run import run  # noqa: E402  (imports models: needs Django set up)

run(args)
