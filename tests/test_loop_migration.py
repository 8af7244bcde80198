"""An installation from before the follow-up loop migrates: every aspiration gets its own code, the agencies
typed in become rows, grouped, and Humas may contact residents."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("accounts", "0004_units"), ("sectors", "0003_district_unit"), ("patrols", "0006_aspirationupdate_visit")]
TYPED = ["Dinas PUPR", "Dinas PUPR KSB", " dinas pupr ", "Satpol PP KSB", "Pemdes Tongo", ""]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def fill(apps):
    Unit = apps.get_model("accounts", "Unit")
    polsek = Unit.objects.get(kind="polsek")
    officer = apps.get_model("accounts", "User").objects.create(username="petugas", unit=polsek)
    district = apps.get_model("sectors", "District").objects.create(code="52.07.04", name="Sekongkang", unit=polsek)
    village = apps.get_model("sectors", "Village").objects.create(district=district, code="52.07.04.2001", name="Tongo")
    sector = apps.get_model("sectors", "Sector").objects.create(village=village, name="Pasar", kind="business")
    category = apps.get_model("patrols", "AspirationCategory").objects.create(name="Keamanan")
    patrol = apps.get_model("patrols", "Patrol").objects.create(leader=officer, started_at=timezone.now())
    visit = apps.get_model("patrols", "Visit").objects.create(
        patrol=patrol, sector=sector, officer=officer, visited_at=timezone.now(), summary="Aman.", unit=polsek
    )
    for name in TYPED:
        apps.get_model("patrols", "Aspiration").objects.create(
            visit=visit, category=category, description="Jalan rusak.", unit=polsek,
            status="diteruskan" if name else "baru", forwarded_to=name,
        )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stored_aspirations_get_codes_and_their_agencies():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        fill(migrate(BEFORE))
        apps = migrate(latest)
        Aspiration, Agency = apps.get_model("patrols", "Aspiration"), apps.get_model("patrols", "Agency")
        codes = list(Aspiration.objects.values_list("code", flat=True))
        assert len(set(codes)) == len(TYPED) and all(len(code) == 8 for code in codes)
        assert sorted(Agency.objects.values_list("name", flat=True)) == ["Dinas PUPR", "Pemdes Tongo", "Satpol PP"]
        polres = apps.get_model("accounts", "Unit").objects.get(kind="polres")
        assert set(Agency.objects.values_list("unit", flat=True)) == {polres.pk}
        assert Aspiration.objects.filter(agency__name="Dinas PUPR").count() == 3
        assert list(Aspiration.objects.order_by("pk").values_list("forwarded_to", flat=True)) == TYPED
        humas = apps.get_model("auth", "Group").objects.get(name="Humas")
        assert humas.permissions.filter(codename="contact_resident").exists()
    finally:
        migrate(latest)
