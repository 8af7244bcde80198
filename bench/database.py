"""The benchmark's own PostgreSQL database: created, migrated and seeded at the size asked for.

A database that already holds exactly that many visits and aspirations is reused, so that
iterating on a page does not mean seeding a million rows again. What the benchmark itself
writes (a patrol and the visits it posts) is removed afterwards, and before a run in case an
earlier one was interrupted, so the size stays what it was seeded with.
"""

import time
from dataclasses import dataclass
from datetime import timedelta
from io import StringIO
from urllib.parse import urlsplit, urlunsplit

import psycopg
from django.core.management import call_command
from django.db import connections, transaction
from django.utils import timezone
from psycopg import sql

from accounts.models import User
from bench.client import BenchError
from bench.pages import OFFICER, Ids, accounts_at_work, usernames
from early_warnings.models import EarlyWarning
from patrols.models import Aspiration, AspirationUpdate, Patrol, Visit
from sectors.models import Sector

BENCH_PATROL_NOTES = "Patroli uji kinerja (make bench); dihapus setelah pengukuran."


@dataclass(frozen=True)
class Size:
    visits: int
    aspirations: int
    updates: int
    patrols: int
    sectors: int
    officers: int


@dataclass(frozen=True)
class Seeding:
    seeded: bool
    seconds: float
    output: str


def prepare(database_url, *, visits, aspirations, seed):
    """Make the database hold `visits` visits and `aspirations` aspirations, seeding only if it does not."""
    name = urlsplit(database_url).path.lstrip("/")
    if "bench" not in name:
        raise BenchError(f"The benchmark drops and recreates its database; use one named *bench*, not {name!r}.")
    create_database(database_url, name, drop=False)
    call_command("migrate", verbosity=0)
    remove_bench_patrols()
    if (Visit.objects.count(), Aspiration.objects.count()) == (visits, aspirations) and has_demo_accounts():
        return Seeding(seeded=False, seconds=0, output="")
    if Visit.objects.exists() or Patrol.objects.exists():
        connections.close_all()
        create_database(database_url, name, drop=True)
        call_command("migrate", verbosity=0)
    output = StringIO()
    started = time.perf_counter()
    call_command("seed_demo", "--no-activity", "--force", stdout=output)
    call_command("seed_bulk", visits=visits, aspirations=aspirations, seed=seed, stdout=output)
    return Seeding(seeded=True, seconds=time.perf_counter() - started, output=output.getvalue())


def create_database(database_url, name, *, drop):
    maintenance = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as connection:
        if drop:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        if not connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def has_demo_accounts():
    names = {*usernames(), *accounts_at_work()}
    return User.objects.filter(username__in=names).count() == len(names)


def size():
    return Size(
        visits=Visit.objects.count(),
        aspirations=Aspiration.objects.count(),
        updates=AspirationUpdate.objects.count(),
        patrols=Patrol.objects.count(),
        sectors=Sector.objects.count(),
        officers=User.objects.filter(groups__name="Petugas").count(),
    )


def bench_ids():
    """A patrol under way for the demo officer to file visits in, their latest visit, and the latest open aspiration
    and early warning of their Polsek (which both levels' viewers may read)."""
    officer = User.objects.get(username=OFFICER)
    patrol = Patrol.objects.create(
        leader=officer, started_at=timezone.now() - timedelta(hours=1), notes=BENCH_PATROL_NOTES
    )
    visit = Visit.objects.filter(officer=officer).order_by("-visited_at").values_list("pk", flat=True).first()
    aspirations = Aspiration.objects.open().filter(unit=officer.unit_id)
    aspiration = aspirations.order_by("-created_at").values_list("pk", flat=True).first()
    warnings = EarlyWarning.objects.filter(unit=officer.unit_id)
    warning = warnings.order_by("-created_at").values_list("pk", flat=True).first()
    if visit is None or aspiration is None or warning is None:
        raise BenchError(
            "The benchmark database has no visit of the demo officer, no open aspiration or no early warning."
        )
    return Ids(patrol=patrol.pk, visit=visit, aspiration=aspiration, warning=warning)


def bench_patrols(officers):
    """{username: id} of a patrol under way for each officer, started an hour ago: the visits filed "now" fall
    within it, and it stays open until remove_bench_patrols."""
    started = timezone.now() - timedelta(hours=1)
    return {
        user.username: Patrol.objects.create(leader=user, started_at=started, notes=BENCH_PATROL_NOTES).pk
        for user in User.objects.filter(username__in=officers)
    }


@transaction.atomic
def remove_bench_patrols():
    patrols = Patrol.objects.filter(notes=BENCH_PATROL_NOTES)
    Aspiration.objects.filter(visit__patrol__in=patrols).delete()
    Visit.objects.filter(patrol__in=patrols).delete()
    patrols.delete()
