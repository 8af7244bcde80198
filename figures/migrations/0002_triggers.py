"""The tallies kept by the database: triggers on patrols_aspiration (insert, delete, an update of a
counted column) and on patrols_visit (a visit moved to another sector), in SQLite's and PostgreSQL's
dialects, and the tallies filled from the aspirations already stored.

Every write path keeps them: the ORM, QuerySet.update(), the admin, imports and COPY alike.
On SQLite a later migration that rebuilds patrols_aspiration or patrols_visit (Django remakes the
table to alter it) drops their triggers with the old table: such a migration must run create() again.
tests/test_figures.py fails when the triggers are missing.
"""

from django.db import migrations

SECTOR_TALLY = "figures_aspirationtally"
UNIT_TALLY = "figures_aspirationunittally"
SECTOR_KEY = "unit_key, sector_id, status, category_id, kind, urgency"
UNIT_KEY = "unit_key, status, category_id, kind, urgency"
# An update that changes none of these leaves the tallies alone.
COUNTED = ("unit_id", "visit_id", "status", "category_id", "kind", "urgency")
TRIGGERS = {
    "patrols_aspiration": (
        "figures_aspiration_insert",
        "figures_aspiration_delete",
        "figures_aspiration_update",
    ),
    "patrols_visit": ("figures_visit_moved",),
}


def upsert(table, key, select):
    """Add the `count` of each row of `select` to the tally row of its key. `WHERE true` lets SQLite tell the
    upsert's ON from a join's."""
    return (
        f"INSERT INTO {table} ({key}, count) SELECT * FROM ({select}) AS delta WHERE true "
        f"ON CONFLICT ({key}) DO UPDATE SET count = {table}.count + excluded.count"
    )


def sector_row(row, delta):
    # No row when the visit is gone already (a flush deletes the tables in any order): the
    # tallies go with it, and verify_figures would catch any other case.
    return (
        f"SELECT COALESCE({row}.unit_id, 0), v.sector_id, {row}.status, {row}.category_id, {row}.kind, "
        f"{row}.urgency, {delta} FROM patrols_visit AS v WHERE v.id = {row}.visit_id"
    )


def unit_row(row, delta):
    return f"SELECT COALESCE({row}.unit_id, 0), {row}.status, {row}.category_id, {row}.kind, {row}.urgency, {delta}"


def grouped(table, key, deltas):
    """The deltas summed per key, in key order: a statement takes the tally rows it changes in the same order
    as any other, so that two writers (a status moved X→Y and one Y→X) wait for each other, never deadlock."""
    summed = f"SELECT {key}, SUM(n) FROM ({deltas}) AS d GROUP BY {key} HAVING SUM(n) <> 0 ORDER BY {key}"
    return upsert(table, key, summed)


def moved_visit(sector_before, sector_after, visit):
    """The visit's aspirations taken off one sector's tally and added to the other's."""
    aspirations = f"FROM patrols_aspiration WHERE visit_id = {visit}"
    taken = (
        f"SELECT COALESCE(unit_id, 0) AS unit_key, {sector_before} AS sector_id, status, category_id, kind, urgency,"
        f" -1 AS n {aspirations}"
    )
    added = f"SELECT COALESCE(unit_id, 0), {sector_after}, status, category_id, kind, urgency, 1 {aspirations}"
    return grouped(SECTOR_TALLY, SECTOR_KEY, f"{taken} UNION ALL {added}")


def changed():
    return " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in COUNTED)


def sqlite_statements():
    def add(row, delta):
        return [
            upsert(SECTOR_TALLY, SECTOR_KEY, sector_row(row, delta)),
            upsert(UNIT_TALLY, UNIT_KEY, unit_row(row, delta)),
        ]

    def trigger(name, event, body, when=""):
        statements = "".join(f"{statement};\n" for statement in body)
        when = f" WHEN {when}" if when else ""
        return f"CREATE TRIGGER {name} AFTER {event}{when} BEGIN\n{statements}END"

    return [
        trigger("figures_aspiration_insert", "INSERT ON patrols_aspiration FOR EACH ROW", add("NEW", 1)),
        trigger("figures_aspiration_delete", "DELETE ON patrols_aspiration FOR EACH ROW", add("OLD", -1)),
        trigger(
            "figures_aspiration_update",
            "UPDATE ON patrols_aspiration FOR EACH ROW",
            add("OLD", -1) + add("NEW", 1),
            when=changed(),
        ),
        trigger(
            "figures_visit_moved",
            "UPDATE OF sector_id ON patrols_visit FOR EACH ROW",
            [moved_visit("OLD.sector_id", "NEW.sector_id", "NEW.id")],
            when="OLD.sector_id IS NOT NEW.sector_id",
        ),
    ]


def postgresql_deltas(rows, sign, changed_only=False):
    """Sector and unit tally deltas of the aspirations in the transition table `rows`."""
    other = {"old_rows": "new_rows", "new_rows": "old_rows"}.get(rows)
    join = f" JOIN {other} AS other ON other.id = a.id" if changed_only else ""
    where = (
        " WHERE (" + ", ".join(f"a.{c}" for c in COUNTED) + ") IS DISTINCT FROM ("
        + ", ".join(f"other.{c}" for c in COUNTED) + ")"
        if changed_only
        else ""
    )
    by_sector = (
        "SELECT COALESCE(a.unit_id, 0) AS unit_key, v.sector_id, a.status, a.category_id, a.kind, a.urgency,"
        f" {sign} AS n FROM {rows} AS a JOIN patrols_visit AS v ON v.id = a.visit_id{join}{where}"
    )
    by_unit = (
        f"SELECT COALESCE(a.unit_id, 0) AS unit_key, a.status, a.category_id, a.kind, a.urgency, {sign} AS n"
        f" FROM {rows} AS a{join}{where}"
    )
    return by_sector, by_unit


def postgresql_function(name, *parts):
    """A statement trigger's function: the sector tally before the unit tally, always."""
    sector_deltas = " UNION ALL ".join(postgresql_deltas(*part)[0] for part in parts)
    unit_deltas = " UNION ALL ".join(postgresql_deltas(*part)[1] for part in parts)
    return (
        f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
        f"    {grouped(SECTOR_TALLY, SECTOR_KEY, sector_deltas)};\n"
        f"    {grouped(UNIT_TALLY, UNIT_KEY, unit_deltas)};\n"
        "    RETURN NULL;\nEND $$"
    )


def postgresql_statements():
    # Statement triggers reading the transition tables: a COPY or bulk_create of a million rows is one
    # grouped upsert of a few thousand tally rows, not a million (about twenty times faster).
    return [
        postgresql_function("figures_aspirations_inserted", ("new_rows", 1)),
        postgresql_function("figures_aspirations_deleted", ("old_rows", -1)),
        postgresql_function("figures_aspirations_updated", ("old_rows", -1, True), ("new_rows", 1, True)),
        "CREATE FUNCTION figures_visit_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
        f"    {moved_visit('OLD.sector_id', 'NEW.sector_id', 'NEW.id')};\n"
        "    RETURN NULL;\nEND $$",
        "CREATE TRIGGER figures_aspiration_insert AFTER INSERT ON patrols_aspiration"
        " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_aspirations_inserted()",
        "CREATE TRIGGER figures_aspiration_delete AFTER DELETE ON patrols_aspiration"
        " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_aspirations_deleted()",
        "CREATE TRIGGER figures_aspiration_update AFTER UPDATE ON patrols_aspiration"
        " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION figures_aspirations_updated()",
        "CREATE TRIGGER figures_visit_moved AFTER UPDATE OF sector_id ON patrols_visit"
        " FOR EACH ROW WHEN (OLD.sector_id IS DISTINCT FROM NEW.sector_id) EXECUTE FUNCTION figures_visit_moved()",
    ]


BACKFILL = [
    f"INSERT INTO {SECTOR_TALLY} ({SECTOR_KEY}, count)"
    " SELECT COALESCE(a.unit_id, 0), v.sector_id, a.status, a.category_id, a.kind, a.urgency, COUNT(*)"
    " FROM patrols_aspiration a JOIN patrols_visit v ON v.id = a.visit_id"
    " GROUP BY COALESCE(a.unit_id, 0), v.sector_id, a.status, a.category_id, a.kind, a.urgency",
    f"INSERT INTO {UNIT_TALLY} ({UNIT_KEY}, count)"
    " SELECT COALESCE(unit_id, 0), status, category_id, kind, urgency, COUNT(*) FROM patrols_aspiration"
    " GROUP BY COALESCE(unit_id, 0), status, category_id, kind, urgency",
]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgresql_statements()
    elif vendor == "sqlite":
        statements = sqlite_statements()
    else:
        raise NotImplementedError(f"figures: no triggers for {vendor}")
    # The rows stored before the triggers existed: counted once, in the migration's transaction.
    for statement in [*statements, *BACKFILL]:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, names in TRIGGERS.items():
        for name in names:
            on_table = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
    if vendor == "postgresql":
        for function in (
            "figures_aspirations_inserted",
            "figures_aspirations_deleted",
            "figures_aspirations_updated",
            "figures_visit_moved",
        ):
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
    schema_editor.execute(f"DELETE FROM {SECTOR_TALLY}")
    schema_editor.execute(f"DELETE FROM {UNIT_TALLY}")


class Migration(migrations.Migration):
    dependencies = [
        ("figures", "0001_initial"),
        ("patrols", "0010_role_permissions"),
    ]

    operations = [migrations.RunPython(create, drop)]
