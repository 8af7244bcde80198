"""An installation from before early warnings were a workflow gets a warning for every visit already flagged."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import F
from django.utils import timezone



def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    applied = [target for target in targets if target[1] is not None]
    return executor.loader.project_state(applied).apps


def before(latest):
    """Every app at its latest migration but this one, not yet installed."""
    return [node for node in latest if node[0] != "early_warnings"] + [("early_warnings", None)]


def fill(apps, *, recent, old):
    """`recent` visits flagged in the last days, `old` flagged two months ago, and one visit without the flag."""
    officer = apps.get_model("accounts", "User").objects.create(username="petugas")
    district = apps.get_model("sectors", "District").objects.create(code="52.07.04", name="Sekongkang")
    village = apps.get_model("sectors", "Village").objects.create(district=district, code="52.07.04.2001", name="Tongo")
    sector = apps.get_model("sectors", "Sector").objects.create(village=village, name="Pasar", kind="business")
    Patrol, Visit = apps.get_model("patrols", "Patrol"), apps.get_model("patrols", "Visit")
    now = timezone.now()
    patrol = Patrol.objects.create(leader=officer, started_at=now - timedelta(days=70))
    ages = [timedelta(days=2)] * recent + [timedelta(days=60)] * old + [None]
    for age in ages:
        visited_at = now - (age or timedelta(days=1))
        flag = {"early_warning": True, "early_warning_note": "Sengketa lahan memanas."} if age else {}
        Visit.objects.create(patrol=patrol, sector=sector, officer=officer, visited_at=visited_at, summary="-", **flag)
    # auto_now_add stamped every visit now; a report reaches the server when the visit happens.
    Visit.objects.update(created_at=F("visited_at"))


# serialized_rollback: afterwards the database holds again what the migrations put in it.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flagged_visits_become_warnings_the_old_ones_archived(django_assert_max_num_queries):
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    try:
        fill(migrate(before(latest)), recent=3, old=20)
        with django_assert_max_num_queries(200) as captured:
            apps = migrate(latest)
        inserts = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("INSERT")]
        for table in ("early_warnings_earlywarning", "early_warnings_earlywarningupdate"):
            quoted = connection.ops.quote_name(table)
            assert sum(sql.startswith(f"INSERT INTO {quoted}") for sql in inserts) == 1, table

        EarlyWarning = apps.get_model("early_warnings", "EarlyWarning")
        Visit = apps.get_model("patrols", "Visit")
        assert EarlyWarning.objects.count() == Visit.objects.filter(early_warning=True).count() == 23
        recent = EarlyWarning.objects.filter(state="baru")
        assert recent.count() == 3
        assert all(w.created_at == w.visit.created_at and w.sector_id == w.visit.sector_id for w in recent)
        archived = EarlyWarning.objects.filter(state="ditutup", outcome="diarsipkan", closed_at__isnull=False)
        assert archived.count() == 20
        update = apps.get_model("early_warnings", "EarlyWarningUpdate").objects.get(warning=archived.first())
        assert (update.author_id, update.state_from, update.state_to) == (None, "baru", "ditutup")
        assert update.note.startswith("Diarsipkan saat peralihan")

        Group = apps.get_model("auth", "Group")
        humas = set(Group.objects.get(name="Humas").permissions.values_list("codename", flat=True))
        petugas = set(Group.objects.get(name="Petugas").permissions.values_list("codename", flat=True))
        assert {"view_earlywarning", "acknowledge_earlywarning", "assign_earlywarning", "close_earlywarning"} <= humas
        assert "add_earlywarningupdate" in petugas and "acknowledge_earlywarning" not in petugas
    finally:
        migrate(latest)
