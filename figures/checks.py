"""The tallies recomputed from the aspirations: what verify_figures compares and repairs with."""

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, DateField, F
from django.db.models.functions import TruncWeek

from patrols.models import Aspiration, Visit

from .models import (
    CATEGORY_WEEK_KEY,
    KIND_WEEK_KEY,
    NO_UNIT,
    SECTOR_KEY,
    SECTOR_WEEK_KEY,
    UNIT_KEY,
    AspirationTally,
    AspirationUnitTally,
    CategoryWeekTally,
    KindWeekTally,
    SectorWeekTally,
)

# The Monday of the week an aspiration was recorded in, in the current time zone.
WEEK = TruncWeek("created_at", output_field=DateField())

# Each tally with the aspiration columns its key is made of, in the order of its key.
SOURCES = {
    AspirationTally: ("unit", "visit__sector", "status", "category", "kind", "urgency"),
    AspirationUnitTally: ("unit", "status", "category", "kind", "urgency"),
    KindWeekTally: ("unit", WEEK, "kind", "status"),
    CategoryWeekTally: ("unit", WEEK, "category"),
    SectorWeekTally: ("unit", WEEK, "visit__sector"),
}
KEYS = {
    AspirationTally: SECTOR_KEY,
    AspirationUnitTally: UNIT_KEY,
    KindWeekTally: KIND_WEEK_KEY,
    CategoryWeekTally: CATEGORY_WEEK_KEY,
    SectorWeekTally: SECTOR_WEEK_KEY,
}


def expected(model):
    rows = Aspiration.objects.order_by().values_list(*SOURCES[model]).annotate(n=Count("pk"))
    return Counter({(unit or NO_UNIT, *rest): n for unit, *rest, n in rows})


def stored(model):
    columns = [f"{name}_id" if name in ("sector", "category") else name for name in KEYS[model]]
    rows = model.objects.exclude(count=0).values_list(*columns, "count")
    return Counter({tuple(key): n for *key, n in rows})


def drift():
    """{model: [(key, stored, expected)]} for every figure that differs from a fresh count."""
    found = {}
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if connection.vendor == "postgresql" and outermost:
            # One snapshot for the counts and the tallies, without holding up anyone writing meanwhile.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for model in SOURCES:
            fresh, kept = expected(model), stored(model)
            differing = [(key, kept[key], fresh[key]) for key in sorted(set(fresh) | set(kept), key=repr)]
            found[model] = [row for row in differing if row[1] != row[2]]
    return found


@transaction.atomic
def rebuild():
    """Rewrite the tallies from the aspirations, with writers held off until it commits."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            tables = ", ".join(model._meta.db_table for model in (Aspiration, Visit))
            cursor.execute(f"LOCK TABLE {tables} IN SHARE MODE")
    for model in SOURCES:
        model.objects.all().delete()
        fields = [f"{name}_id" if name in ("sector", "category") else name for name in KEYS[model]]
        model.objects.bulk_create(
            (model(**dict(zip(fields, key)), count=n) for key, n in expected(model).items()), batch_size=2000
        )
