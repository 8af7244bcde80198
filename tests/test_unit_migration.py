"""An installation from before units migrates with everything it holds filed under the default Polsek."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("accounts", "0003_security_axes_permissions"),
    ("sectors", "0002_security_history"),
    ("patrols", "0004_perf_pages"),
]
# The migrations that bring units in; later ones have data migrations of their own.
UNITS = [("accounts", "0004_units"), ("sectors", "0003_district_unit"), ("patrols", "0005_units")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def fill(apps, rows):
    """`rows` visits with an aspiration each, two officers and a superuser, one kecamatan: stored before units."""
    User = apps.get_model("accounts", "User")
    officers = [User.objects.create(username=f"petugas{n}") for n in (1, 2)]
    User.objects.create(username="root", is_superuser=True, is_staff=True)
    district = apps.get_model("sectors", "District").objects.create(code="52.07.04", name="Sekongkang")
    village = apps.get_model("sectors", "Village").objects.create(district=district, code="52.07.04.2001", name="Tongo")
    sector = apps.get_model("sectors", "Sector").objects.create(village=village, name="Pasar", kind="business")
    category = apps.get_model("patrols", "AspirationCategory").objects.create(name="Keamanan")
    Patrol, Visit, Aspiration = (apps.get_model("patrols", name) for name in ("Patrol", "Visit", "Aspiration"))
    now = timezone.now()
    for n in range(rows):
        officer = officers[n % 2]
        patrol = Patrol.objects.create(leader=officer, started_at=now)
        visit = Visit.objects.create(patrol=patrol, sector=sector, officer=officer, visited_at=now, summary="Aman.")
        Aspiration.objects.create(visit=visit, category=category, description="Lampu.", due_date=date(2026, 1, 1))


# serialized_rollback: afterwards the database holds again what the migrations put in it (role groups,
# content types, the default units) for the transactional tests that run after these.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_every_stored_row_lands_in_the_default_polsek(settings, django_assert_max_num_queries):
    settings.DEFAULT_POLDA_NAME, settings.DEFAULT_POLDA_CODE = "Polda Uji", "polda-uji"
    settings.DEFAULT_POLRES_NAME, settings.DEFAULT_POLRES_CODE = "Polres Uji", "polres-uji"
    settings.DEFAULT_POLSEK_NAME, settings.DEFAULT_POLSEK_CODE = "Polsek Uji", "polsek-uji"
    settings.DEFAULT_POLSEK_AREA = "Uji"
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        fill(migrate(BEFORE), rows=30)
        # Set-based: the data migrations' statements do not grow with the rows (30 here, a million alike).
        with django_assert_max_num_queries(400) as captured:
            apps = migrate(UNITS)
        updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
        for table in ("accounts_user", "sectors_district", "patrols_visit", "patrols_aspiration"):
            quoted = connection.ops.quote_name(table)
            assert sum(sql.startswith(f"UPDATE {quoted}") for sql in updates) == 1, table

        Unit = apps.get_model("accounts", "Unit")
        polsek = Unit.objects.get(code="polsek-uji")
        assert (polsek.name, polsek.kind, polsek.area) == ("Polsek Uji", "polsek", "Uji")
        assert (polsek.parent.name, polsek.parent.kind) == ("Polres Uji", "polres")
        assert (polsek.parent.parent.name, polsek.parent.parent.kind, polsek.parent.parent.parent) == (
            "Polda Uji",
            "polda",
            None,
        )
        for model in ("accounts.User", "sectors.District", "patrols.Visit", "patrols.Aspiration"):
            rows = apps.get_model(model).objects
            assert rows.exists() and not rows.exclude(unit=polsek).exists(), model
        assert apps.get_model("patrols", "Aspiration").objects.count() == 30
    finally:
        migrate(latest)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_new_installation_gets_the_default_units_too():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        migrate(BEFORE)
        apps = migrate(latest)
        units = apps.get_model("accounts", "Unit").objects.order_by("kind")
        assert list(units.values_list("code", "kind")) == [
            ("polda-ntb", "polda"),
            ("polres-ksb", "polres"),
            ("polsek-sekongkang", "polsek"),
        ]
    finally:
        migrate(latest)
