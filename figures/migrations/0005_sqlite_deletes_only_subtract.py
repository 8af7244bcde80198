"""On SQLite, a deleted aspiration takes one off the tally rows that count it and never writes a row.

`manage.py flush` (and a transactional test's teardown) empties every table with DELETE, in an order Python's
hashing picks. With the upserts of 0002 and 0004, an aspiration deleted after the tallies were emptied wrote a
count of -1 that outlived the flush and made the next figures wrong. While the tallies are exact, a deleted
aspiration's rows exist, so subtracting in place counts the same; where they are gone there is nothing to
subtract from.

PostgreSQL empties tables with TRUNCATE, which fires no DELETE trigger: its triggers stay as they are.
"""

import importlib

from django.db import migrations

triggers = importlib.import_module("figures.migrations.0002_triggers")
week_triggers = importlib.import_module("figures.migrations.0004_week_triggers")

UNIT_MATCH = (
    "unit_key = COALESCE(OLD.unit_id, 0) AND status = OLD.status AND category_id = OLD.category_id"
    " AND kind = OLD.kind AND urgency = OLD.urgency"
)
# No visit any more (a flush), no sector: NULL matches no row.
SECTOR_OF_OLD = "(SELECT sector_id FROM patrols_visit WHERE id = OLD.visit_id)"


def subtract(table, match):
    return f"UPDATE {table} SET count = count - 1 WHERE {match}"


def delete_triggers():
    week = week_triggers.week_of("sqlite", "OLD.created_at")
    in_week = f"unit_key = COALESCE(OLD.unit_id, 0) AND week = {week}"
    return {
        "figures_aspiration_delete": [
            subtract(triggers.SECTOR_TALLY, f"{UNIT_MATCH} AND sector_id = {SECTOR_OF_OLD}"),
            subtract(triggers.UNIT_TALLY, UNIT_MATCH),
        ],
        "figures_week_aspiration_delete": [
            subtract(week_triggers.KIND, f"{in_week} AND kind = OLD.kind AND status = OLD.status"),
            subtract(week_triggers.CATEGORY, f"{in_week} AND category_id = OLD.category_id"),
            subtract(week_triggers.SECTOR, f"{in_week} AND sector_id = {SECTOR_OF_OLD}"),
        ],
    }


def create(name, body):
    statements = "".join(f"{statement};\n" for statement in body)
    return f"CREATE TRIGGER {name} AFTER DELETE ON patrols_aspiration FOR EACH ROW BEGIN\n{statements}END"


def replace(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for name, statement in statements().items():
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {name}")
            schema_editor.execute(statement, params=None)

    return run


def subtracting():
    return {name: create(name, body) for name, body in delete_triggers().items()}


def upserting():
    """The triggers of 0002 and 0004, for going back."""
    earlier = [*triggers.sqlite_statements(), *week_triggers.sqlite_statements()]
    return {
        name: next(statement for statement in earlier if statement.startswith(f"CREATE TRIGGER {name} "))
        for name in delete_triggers()
    }


class Migration(migrations.Migration):
    dependencies = [("figures", "0004_week_triggers")]

    operations = [migrations.RunPython(replace(subtracting), replace(upserting))]
