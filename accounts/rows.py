"""Model instances read by SQL written out once: for the few reads every request makes (its session, its
user, the units), where building the ORM's query each time cost more than running it (docs/PERFORMANCE.md)."""

import functools

from django.db import connection


@functools.cache
def _select(model):
    """The SELECT of every concrete field, their attribute names, and the conversions the ORM would apply to
    each column's values (datetimes made aware on SQLite, for one)."""
    quote = connection.ops.quote_name
    fields = model._meta.concrete_fields
    columns = ", ".join(quote(field.column) for field in fields)
    conversions = []
    for index, field in enumerate(fields):
        col = field.get_col(model._meta.db_table)
        converters = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        if converters:
            conversions.append((index, col, converters))
    select = f"SELECT {columns} FROM {quote(model._meta.db_table)}"
    return select, [field.attname for field in fields], conversions


def rows(model, where="", params=()):
    """`model`'s rows that match `where` (SQL naming the table's columns), as instances, every field loaded."""
    select, names, conversions = _select(model)
    with connection.cursor() as cursor:
        cursor.execute(f"{select} WHERE {where}" if where else select, params)
        found = cursor.fetchall()
    instances = []
    for row in found:
        if conversions:
            row = list(row)
            for index, col, converters in conversions:
                for converter in converters:
                    row[index] = converter(row[index], col, connection)
        instances.append(model.from_db(connection.alias, names, row))
    return instances


def column(model, name):
    """The quoted column of `model`'s field `name`, for a `where`."""
    return connection.ops.quote_name(model._meta.get_field(name).column)
