"""The week tallies kept by the database, as the tallies of 0002 are: triggers on patrols_aspiration (insert,
delete, an update of a counted column) and on patrols_visit (a visit moved to another sector), and the
tallies filled from the aspirations already stored.

A week is Monday to Sunday in settings.TIME_ZONE. PostgreSQL converts with the zone's rules; SQLite knows no
zones and adds the zone's offset of today, which is exact for a zone without daylight saving time (WITA).
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import migrations

KIND = "figures_kindweektally"
CATEGORY = "figures_categoryweektally"
SECTOR = "figures_sectorweektally"
# Each tally's key columns, and what of an aspiration (`a`, joined to its visit `v`) fills them.
TALLIES = {
    KIND: ("unit_key, week, kind, status", "a.kind, a.status"),
    CATEGORY: ("unit_key, week, category_id", "a.category_id"),
    SECTOR: ("unit_key, week, sector_id", "v.sector_id"),
}
COUNTED = ("unit_id", "visit_id", "status", "category_id", "kind", "created_at")
FUNCTIONS = ("figures_week_inserted", "figures_week_deleted", "figures_week_updated", "figures_week_visit_moved")
TRIGGERS = {
    "patrols_aspiration": ("figures_week_aspiration_insert", "figures_week_aspiration_delete", "figures_week_aspiration_update"),
    "patrols_visit": ("figures_week_visit_moved",),
}


def week_of(vendor, column):
    if vendor == "postgresql":
        return f"CAST(date_trunc('week', {column} AT TIME ZONE '{settings.TIME_ZONE}') AS date)"
    offset = datetime.now(ZoneInfo(settings.TIME_ZONE)).utcoffset().total_seconds()
    return f"date({column}, '{offset:+.0f} seconds', 'weekday 0', '-6 days')"


def grouped(table, deltas):
    """The deltas summed per key and added to the tally in key order, so that two writers never deadlock on it.
    `WHERE true` lets SQLite tell the upsert's ON from a join's."""
    key = TALLIES[table][0]
    return (
        f"INSERT INTO {table} ({key}, count) SELECT * FROM ("
        f"SELECT {key}, SUM(n) FROM ({deltas}) AS d GROUP BY {key} HAVING SUM(n) <> 0 ORDER BY {key}"
        f") AS delta WHERE true ON CONFLICT ({key}) DO UPDATE SET count = {table}.count + excluded.count"
    )


def deltas(vendor, table, rows, sign, where=""):
    """One delta row per aspiration of `rows` (a table or transition table, aliased `a`; its visit is `v`)."""
    key, values = TALLIES[table]
    names = key.split(", ")
    columns = [f"COALESCE(a.unit_id, 0) AS {names[0]}", f"{week_of(vendor, 'a.created_at')} AS {names[1]}"]
    columns += [f"{value} AS {name}" for value, name in zip(values.split(", "), names[2:], strict=True)]
    # Only the sector is the visit's: the other tallies do not depend on the visit still being there.
    join = " JOIN patrols_visit AS v ON v.id = a.visit_id" if table == SECTOR else ""
    return f"SELECT {', '.join(columns)}, {sign} AS n FROM {rows}{join}{where}"


def moved_visit(vendor, before, after, visit):
    """A visit moved to another sector takes its aspirations' weeks off the one sector and onto the other."""
    week = week_of(vendor, "created_at")
    rows = f"FROM patrols_aspiration WHERE visit_id = {visit}"
    taken = f"SELECT COALESCE(unit_id, 0) AS unit_key, {week} AS week, {before} AS sector_id, -1 AS n {rows}"
    added = f"SELECT COALESCE(unit_id, 0), {week}, {after}, 1 {rows}"
    return grouped(SECTOR, f"{taken} UNION ALL {added}")


def changed(old, new):
    return " OR ".join(f"{old}.{column} IS NOT {new}.{column}" for column in COUNTED)


def sqlite_statements():
    def add(row, sign):
        # A row trigger sees OLD and NEW, not a table: select the one row back by its id from a one-row table.
        rows = f"(SELECT {row}.id AS id, {row}.unit_id AS unit_id, {row}.visit_id AS visit_id, {row}.status AS status, " \
               f"{row}.category_id AS category_id, {row}.kind AS kind, {row}.created_at AS created_at) AS a"
        return [grouped(table, deltas("sqlite", table, rows, sign)) for table in TALLIES]

    def trigger(name, event, body, when=""):
        when = f" WHEN {when}" if when else ""
        statements = "".join(f"{statement};\n" for statement in body)
        return f"CREATE TRIGGER {name} AFTER {event}{when} BEGIN\n{statements}END"

    return [
        trigger("figures_week_aspiration_insert", "INSERT ON patrols_aspiration FOR EACH ROW", add("NEW", 1)),
        trigger("figures_week_aspiration_delete", "DELETE ON patrols_aspiration FOR EACH ROW", add("OLD", -1)),
        trigger(
            "figures_week_aspiration_update",
            "UPDATE ON patrols_aspiration FOR EACH ROW",
            add("OLD", -1) + add("NEW", 1),
            when=changed("OLD", "NEW"),
        ),
        trigger(
            "figures_week_visit_moved",
            "UPDATE OF sector_id ON patrols_visit FOR EACH ROW",
            [moved_visit("sqlite", "OLD.sector_id", "NEW.sector_id", "NEW.id")],
            when="OLD.sector_id IS NOT NEW.sector_id",
        ),
    ]


def postgresql_function(name, *parts):
    """A statement trigger's function over the transition tables: the tallies in a fixed order."""
    body = []
    for table in TALLIES:
        unions = []
        for rows, sign, changed_only in parts:
            where = ""
            if changed_only:
                other = "new_rows" if rows == "old_rows" else "old_rows"
                mine = ", ".join(f"a.{column}" for column in COUNTED)
                theirs = ", ".join(f"o.{column}" for column in COUNTED)
                where = f" WHERE EXISTS (SELECT 1 FROM {other} AS o WHERE o.id = a.id AND ({mine}) IS DISTINCT FROM ({theirs}))"
            unions.append(deltas("postgresql", table, f"{rows} AS a", sign, where))
        body.append(f"    {grouped(table, ' UNION ALL '.join(unions))};")
    return f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n" + "\n".join(body) + "\n    RETURN NULL;\nEND $$"


def postgresql_statements():
    return [
        postgresql_function("figures_week_inserted", ("new_rows", 1, False)),
        postgresql_function("figures_week_deleted", ("old_rows", -1, False)),
        postgresql_function("figures_week_updated", ("old_rows", -1, True), ("new_rows", 1, True)),
        "CREATE FUNCTION figures_week_visit_moved() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN\n"
        f"    {moved_visit('postgresql', 'OLD.sector_id', 'NEW.sector_id', 'NEW.id')};\n"
        "    RETURN NULL;\nEND $$",
        "CREATE TRIGGER figures_week_aspiration_insert AFTER INSERT ON patrols_aspiration"
        " REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_week_inserted()",
        "CREATE TRIGGER figures_week_aspiration_delete AFTER DELETE ON patrols_aspiration"
        " REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION figures_week_deleted()",
        "CREATE TRIGGER figures_week_aspiration_update AFTER UPDATE ON patrols_aspiration"
        " REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows"
        " FOR EACH STATEMENT EXECUTE FUNCTION figures_week_updated()",
        "CREATE TRIGGER figures_week_visit_moved AFTER UPDATE OF sector_id ON patrols_visit FOR EACH ROW"
        " WHEN (OLD.sector_id IS DISTINCT FROM NEW.sector_id) EXECUTE FUNCTION figures_week_visit_moved()",
    ]


def backfill(vendor):
    return [grouped(table, deltas(vendor, table, "patrols_aspiration AS a", 1)) for table in TALLIES]


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        statements = postgresql_statements()
    elif vendor == "sqlite":
        statements = sqlite_statements()
    else:
        raise NotImplementedError(f"figures: no triggers for {vendor}")
    for statement in [*statements, *backfill(vendor)]:
        schema_editor.execute(statement, params=None)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for table, names in TRIGGERS.items():
        for name in names:
            on_table = f" ON {table}" if vendor == "postgresql" else ""
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
    if vendor == "postgresql":
        for function in FUNCTIONS:
            schema_editor.execute(f"DROP FUNCTION IF EXISTS {function}()")
    for table in TALLIES:
        schema_editor.execute(f"DELETE FROM {table}")


class Migration(migrations.Migration):
    dependencies = [("figures", "0003_week_tallies")]

    operations = [migrations.RunPython(create, drop)]
