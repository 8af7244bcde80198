"""The tallies equal fresh counts from the aspirations after any sequence of writes, through every path
that writes: the services, the ORM, QuerySet.update(), bulk_create, deletes, visits moved."""

import random
import uuid
from io import StringIO
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone

from accounts.models import Unit
from figures import selectors
from figures.checks import SOURCES
from figures.models import AspirationTally, AspirationUnitTally
from patrols.filters import status_counts
from patrols.models import Aspiration, Visit
from patrols.selectors import aspirations_for
from patrols.services import assign_aspirations, change_aspiration, file_visit, update_visit

from .factories import make_category, make_district, make_patrol, make_sector, make_user, make_village
from .two_polsek import build_two_polsek

pytestmark = pytest.mark.django_db

Status, Kind, Urgency = Aspiration.Status, Aspiration.Kind, Aspiration.Urgency


def visit_data(sector):
    return {
        "sector": sector,
        "visited_at": timezone.now(),
        "latitude": None,
        "longitude": None,
        "accuracy_m": None,
        "people_met": 2,
        "situation": Visit.Situation.AMAN,
        "summary": "Dialog dengan warga.",
        "early_warning": False,
        "early_warning_note": "",
        "appeals": [],
    }


class Writer:
    """Random writes over two Polsek and a kecamatan no Polsek covers yet (aspirations of no unit)."""

    def __init__(self, rng, world):
        self.rng, self.world = rng, world
        loose = make_village(district=make_district(code="52.07.99", name="Kec Tanpa Polsek", unit=None))
        self.sectors = [*world.a.sectors, *world.b.sectors, make_sector(village=loose, name="Sektor Lepas")]
        self.categories = [make_category("Keamanan"), make_category("Jalan"), make_category("Air bersih")]
        self.officer = world.a.officer
        self.patrol = make_patrol(self.officer)

    def new_aspiration(self, **fields):
        chosen = {
            "category": self.rng.choice(self.categories),
            "kind": self.rng.choice(Kind.values),
            "urgency": self.rng.choice(Urgency.values),
        }
        return Aspiration(description="Lampu jalan padam.", **{**chosen, **fields})

    def aspiration(self):
        pk = self.rng.choice(list(Aspiration.objects.values_list("pk", flat=True)) or [None])
        return pk and Aspiration.objects.get(pk=pk)

    def visit(self):
        pk = self.rng.choice(list(Visit.objects.values_list("pk", flat=True)))
        return Visit.objects.select_related("sector__village__district").get(pk=pk)

    def file(self):
        file_visit(
            officer=self.officer,
            patrol=self.patrol,
            data=visit_data(self.rng.choice(self.sectors)),
            aspirations=[self.new_aspiration() for _ in range(self.rng.randint(0, 3))],
            photos=[],
            responses=[],
            client_uuid=uuid.uuid4(),
        )

    def edit(self):
        """The visit form's edit: another sector (often another unit's), one aspiration changed, one removed,
        one added."""
        visit = self.visit()
        existing = list(visit.aspirations.all())
        removed = existing[:1] if existing and self.rng.random() < 0.4 else []
        kept = [a for a in existing if a not in removed]
        for aspiration in kept[:1]:
            aspiration.category = self.rng.choice(self.categories)
            aspiration.urgency = self.rng.choice(Urgency.values)
        added = [self.new_aspiration()] if self.rng.random() < 0.5 else []
        update_visit(
            visit=visit,
            version=visit.updated_at.isoformat(),
            data=visit_data(self.rng.choice(self.sectors)),
            aspirations=kept[:1] + added,
            removed_aspirations=removed,
            photos=[],
            removed_photos=[],
        )

    def move_status(self):
        aspiration = self.aspiration()
        if not aspiration or not aspiration.allowed_next_statuses():
            return
        status = self.rng.choice(aspiration.allowed_next_statuses())
        change_aspiration(
            aspiration_id=aspiration.pk,
            author=self.world.a.humas,
            expected_version=aspiration.version,
            status=status,
            note="Sudah ditangani.",
            forwarded_to="Dinas PUPR",
            refusal_reason="Di luar kewenangan.",
        )

    def reassign(self):
        open_ones = Aspiration.objects.open().values_list("pk", "version")[:5]
        assignee = self.rng.choice([self.world.a.humas, self.world.b.humas])
        assign_aspirations(versions=dict(open_ones), assignee=assignee, author=self.world.a.humas)

    def delete_aspiration(self):
        aspiration = self.aspiration()
        if aspiration:
            aspiration.delete()

    def delete_visit(self):
        visit = self.visit()
        visit.aspirations.all().delete()
        visit.delete()

    def bulk_import(self):
        visit = self.visit()
        Aspiration.objects.bulk_create(
            self.new_aspiration(visit=visit, unit_id=visit.unit_id) for _ in range(self.rng.randint(1, 4))
        )

    def queryset_update(self):
        pks = list(Aspiration.objects.values_list("pk", flat=True))
        chosen = self.rng.sample(pks, min(len(pks), 3))
        Aspiration.objects.filter(pk__in=chosen).update(
            category=self.rng.choice(self.categories), kind=self.rng.choice(Kind.values)
        )

    def move_visit_directly(self):
        """A sector changed without the services: the unit copied on the aspirations stays behind, the
        tallies follow what the rows say."""
        Visit.objects.filter(pk=self.visit().pk).update(sector=self.rng.choice(self.sectors))

    def run(self, steps):
        actions = [
            (self.file, 6),
            (self.edit, 3),
            (self.move_status, 6),
            (self.reassign, 2),
            (self.delete_aspiration, 1),
            (self.delete_visit, 1),
            (self.bulk_import, 2),
            (self.queryset_update, 2),
            (self.move_visit_directly, 1),
        ]
        for _ in range(steps):
            action = self.rng.choices([a for a, _w in actions], weights=[w for _a, w in actions])[0]
            action()


def fresh_per_sector(viewer, **filters):
    rows = {}
    for aspiration in aspirations_for(viewer).filter(**filters).select_related("visit"):
        row = rows.setdefault(aspiration.visit.sector_id, {"total": 0, "open": 0, "urgent": 0})
        row["total"] += 1
        row["open"] += aspiration.is_open
        row["urgent"] += aspiration.is_open and aspiration.urgency == Urgency.MENDESAK
    return rows


def assert_figures_exact(world, writer):
    out = StringIO()
    call_command("verify_figures", "--check", stdout=out)
    assert "Tidak ada selisih." in out.getvalue()
    superuser = make_user(f"root{uuid.uuid4().hex[:6]}", unit=None, is_superuser=True)
    sector, category = writer.sectors[0], writer.categories[0]
    for viewer in (world.a.humas, world.b.humas, world.polres_humas, superuser):
        base = aspirations_for(viewer)
        cases = [
            ({}, base),
            ({"category": category.pk}, base.filter(category=category)),
            (
                {"kind": Kind.KELUHAN, "urgency": Urgency.MENDESAK},
                base.filter(kind=Kind.KELUHAN, urgency=Urgency.MENDESAK),
            ),
            ({"sector": sector.pk}, base.filter(visit__sector=sector)),
            (
                {"village": sector.village_id, "category": category.pk},
                base.filter(visit__sector__village=sector.village_id, category=category),
            ),
        ]
        for params, queryset in cases:
            assert selectors.status_counts(viewer, **params) == status_counts(queryset), (viewer, params)
        assert selectors.per_sector(viewer) == fresh_per_sector(viewer)
        assert selectors.per_sector(viewer, category=category.pk, status=Status.BARU) == fresh_per_sector(
            viewer, category=category, status=Status.BARU
        )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_keeps_exact_figures_through_random_writes(seed):
    world = build_two_polsek()
    writer = Writer(random.Random(seed), world)
    writer.run(60)
    assert Aspiration.objects.filter(unit__isnull=True).exists() or seed != 1
    assert_figures_exact(world, writer)


def test_the_tallies_count_aspirations_of_no_unit_under_one_key():
    world = build_two_polsek()
    writer = Writer(random.Random(9), world)
    loose = writer.sectors[-1]
    for _ in range(2):
        file_visit(
            officer=writer.officer, patrol=writer.patrol, data=visit_data(loose),
            aspirations=[
                writer.new_aspiration(urgency=Urgency.NORMAL, kind=Kind.ASPIRASI, category=writer.categories[0])
            ],
            photos=[], responses=[], client_uuid=uuid.uuid4(),
        )
    row = AspirationTally.objects.get(sector=loose)
    assert (row.unit_key, row.count) == (0, 2)
    assert_figures_exact(world, writer)


def test_a_status_move_takes_one_off_the_old_key_and_adds_one_to_the_new():
    world = build_two_polsek()
    aspiration = world.b.aspirations[1]
    before = selectors.status_counts(world.b.humas)
    change_aspiration(
        aspiration_id=aspiration.pk, author=world.b.humas, expected_version=aspiration.version,
        status=Status.DIVERIFIKASI,
    )
    after = selectors.status_counts(world.b.humas)
    assert after[Status.BARU] == before[Status.BARU] - 1
    assert after[Status.DIVERIFIKASI] == before[Status.DIVERIFIKASI] + 1
    assert after[""] == before[""]


def test_verify_figures_reports_drift_and_repairs_it():
    world = build_two_polsek()
    AspirationUnitTally.objects.filter(unit_key=world.a.unit.pk).update(count=41)
    AspirationTally.objects.create(
        unit_key=world.b.unit.pk, sector=world.b.sectors[1], status=Status.SELESAI,
        category=make_category("Hantu"), kind=Kind.INFORMASI, urgency=Urgency.TINGGI, count=3,
    )
    out = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("verify_figures", "--check", stdout=out)
    assert refused.value.returncode == 1
    assert out.getvalue().count("Selisih") == AspirationUnitTally.objects.filter(unit_key=world.a.unit.pk).count() + 1
    assert "tersimpan 3, seharusnya 0" in out.getvalue()

    call_command("verify_figures", stdout=StringIO())
    out = StringIO()
    call_command("verify_figures", "--check", stdout=out)
    assert out.getvalue().strip() == "Tidak ada selisih."
    assert selectors.status_counts(world.a.humas) == status_counts(aspirations_for(world.a.humas))


def test_the_triggers_exist():
    """A migration that rebuilds an aspiration or visit table on SQLite drops them silently."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'figures_%%'")
        else:
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'figures_%%'")
        names = {row[0] for row in cursor.fetchall()}
    assert names == {
        "figures_aspiration_insert", "figures_aspiration_delete", "figures_aspiration_update", "figures_visit_moved",
        "figures_week_aspiration_insert", "figures_week_aspiration_delete", "figures_week_aspiration_update",
        "figures_week_visit_moved",
    }
    assert Unit.objects.exists()


def test_seed_bulk_leaves_exact_tallies():
    """COPY on PostgreSQL, executemany on SQLite: the triggers count both."""
    call_command("seed_bulk", visits=60, aspirations=200, sectors=20, officers=6, years=1, stdout=StringIO())
    assert AspirationUnitTally.objects.exists()
    out = StringIO()
    call_command("verify_figures", "--check", stdout=out)
    assert "Tidak ada selisih." in out.getvalue()


# serialized_rollback brings back what the migrations made for the transactional tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_flush_leaves_no_tally_whatever_order_it_empties_the_tables_in():
    """SQLite's flush runs DELETE in the order of a set of table names: the tallies emptied first, then each
    aspiration deleted would leave a count of -1 behind for the next figures."""
    build_two_polsek()
    assert AspirationUnitTally.objects.exists()
    listed = connection.introspection.django_table_names

    def tallies_first(*args, **kwargs):
        return sorted(listed(*args, **kwargs), key=lambda table: not table.startswith("figures_"))

    with mock.patch.object(connection.introspection, "django_table_names", tallies_first):
        call_command("flush", interactive=False, verbosity=0)
    assert not Aspiration.objects.exists()
    for model in SOURCES:
        assert not model.objects.exists(), model
