"""An installation with aspirations gets its tallies counted by the migration that brings the triggers."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count

from patrols.models import Aspiration

from .factories import make_aspiration, make_category, make_district, make_sector, make_user, make_village, make_visit


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def unmigrate(app):
    MigrationExecutor(connection).migrate([(app, None)])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_counts_the_aspirations_already_stored():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        unmigrate("figures")
        officer = make_user("petugas.lama")
        loose = make_village(district=make_district(code="52.07.98", name="Kec Lama", unit=None))
        sectors = [make_sector(), make_sector(village=loose)]
        categories = [make_category("Keamanan"), make_category("Jalan")]
        for n in range(12):
            visit = make_visit(officer=officer, sector=sectors[n % 2])
            closed = n % 4 == 0
            make_aspiration(
                visit,
                category=categories[n % 3 == 0],
                status="selesai" if closed else "baru",
                closed_at=visit.visited_at if closed else None,
            )

        apps = migrate(latest)

        Tally = apps.get_model("figures", "AspirationTally")
        UnitTally = apps.get_model("figures", "AspirationUnitTally")
        by_sector = Aspiration.objects.values_list("unit", "visit__sector", "status", "category").annotate(
            n=Count("pk")
        )
        assert sorted(Tally.objects.values_list("unit_key", "sector", "status", "category", "count")) == sorted(
            (unit or 0, sector, status, category, n) for unit, sector, status, category, n in by_sector
        )
        assert sum(UnitTally.objects.filter(unit_key=0).values_list("count", flat=True)) == 6
        assert sum(UnitTally.objects.values_list("count", flat=True)) == 12
    finally:
        migrate(latest)
