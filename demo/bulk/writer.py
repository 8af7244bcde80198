"""Rows into tables, fast: COPY on PostgreSQL, batched executemany elsewhere.

Rows are plain tuples whose ids the generator chose, so related rows can be written without
reading anything back. Model instances and bulk_create are avoided on purpose: they cost a
Python object per row and overwrite auto_now fields (Visit.created_at, Aspiration.updated_at)
with the time of the seeding.
"""

import time
from collections import Counter
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db.models import Max


class RowWriter:
    def __init__(self, connection, batch_size=5000):
        self.connection = connection
        self.batch_size = batch_size
        # Rows written and seconds spent, by model.
        self.rows = Counter()
        self.seconds = Counter()
        self.restore_seconds = 0

    @property
    def uses_copy(self):
        return self.connection.vendor == "postgresql"

    def next_id(self, model):
        return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1

    def insert(self, model, field_names, rows):
        """Store `rows`, tuples in the order of `field_names` (model field names; foreign keys as ids)."""
        fields = [model._meta.get_field(name) for name in field_names]
        table = self.connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(self.connection.ops.quote_name(field.column) for field in fields)
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            if self.uses_copy:
                with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                self.execute_many(cursor, table, columns, fields, rows)
        self.seconds[model] += time.perf_counter() - started
        self.rows[model] += len(rows)

    def execute_many(self, cursor, table, columns, fields, rows):
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        prepare = [field.get_db_prep_save for field in fields]
        for start in range(0, len(rows), self.batch_size):
            batch = rows[start : start + self.batch_size]
            cursor.executemany(
                sql, [[prep(value, self.connection) for prep, value in zip(prepare, row)] for row in batch]
            )

    @contextmanager
    def checks_after_load(self, models):
        """Drop the foreign keys and secondary indexes of `models`' tables, and restore them after the load.

        PostgreSQL checks a deferred foreign key row by row at commit, and grows every index row by
        row; re-adding a key checks all rows with one join and building an index sorts once, which
        is several times faster (the "Populating a Database" advice of the PostgreSQL manual). DDL
        is transactional: a failed load gets its constraints back with everything else. Outside a
        transaction it would not, so there nothing is dropped.
        """
        if not self.uses_copy or not self.connection.in_atomic_block:
            yield
            return
        tables = [model._meta.db_table for model in models]
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) FROM pg_constraint"
                " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
                [tables],
            )
            keys = cursor.fetchall()
            cursor.execute(
                "SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index"
                " WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT indisunique",
                [tables],
            )
            indexes = cursor.fetchall()
            # ALTER TABLE refuses a table with checks still queued (the places and accounts
            # created before the load): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for table, name, _ in keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")
        yield
        started = time.perf_counter()
        with self.connection.cursor() as cursor:
            for _, definition in indexes:
                cursor.execute(definition)
            for table, name, definition in keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        self.restore_seconds = time.perf_counter() - started

    def reset_sequences(self, models):
        """Ids were chosen here, not drawn from the sequences: move them past the last id."""
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)
