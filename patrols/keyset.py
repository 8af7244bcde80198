"""Pages by key: a page starts right after (or before) the sort values of a row, not after OFFSET rows.

OFFSET reads and throws away every row before the page, so a deep page of a million rows costs
seconds; a comparison on the sort keys lets the database start where the page starts, through the
index of the sort where there is one.

An ordering's keys all run one way and end with the primary key, so that every row has a place of
its own (ties never repeat or skip a row between pages) and the whole key compares as one row value,
`(created_at, id) < (%s, %s)`, which PostgreSQL answers with a range scan of the index. Nullable keys
are given a sentinel (Coalesce) so that the comparison never meets a NULL.

A cursor holds the keys of the row it starts from, the ordering's name and the position of the page in
the list (shown as "26–50"); it is signed, so a cursor this site did not write, or wrote for another
ordering, is ignored and the list starts at its first page.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.core import signing
from django.core.exceptions import ValidationError
from django.db.models import BooleanField, Expression, F, Value

SALT = "patrols.keyset"


class RowComparison(Expression):
    """`(a, b, c) > (x, y, z)`, compared as rows by the database (PostgreSQL, SQLite ≥ 3.15)."""

    output_field = BooleanField()

    def __init__(self, keys, values, operator):
        super().__init__()
        self.keys, self.values, self.operator = list(keys), list(values), operator

    def get_source_expressions(self):
        return [*self.keys, *self.values]

    def set_source_expressions(self, expressions):
        self.keys, self.values = expressions[: len(self.keys)], expressions[len(self.keys) :]

    def as_sql(self, compiler, connection):
        sides, params = [], []
        for side in (self.keys, self.values):
            compiled = [compiler.compile(expression) for expression in side]
            sides.append(", ".join(sql for sql, _ in compiled))
            params += [param for _, side_params in compiled for param in side_params]
        return f"({sides[0]}) {self.operator} ({sides[1]})", params


@dataclass(frozen=True)
class Page:
    rows: list
    # How many rows come before the first one shown.
    start: int
    is_first: bool
    next_cursor: str | None
    previous_cursor: str | None
    # The number of rows of the whole list, when the caller knows it.
    total: int | None = None

    @property
    def first_number(self):
        """The position of the first row shown, counting from 1."""
        return self.start + 1

    @property
    def last_number(self):
        return self.start + len(self.rows)

    @property
    def has_previous(self):
        return self.previous_cursor is not None

    @property
    def has_next(self):
        return self.next_cursor is not None


class Ordering:
    """Sort keys that all run one way; the primary key is added as the last one."""

    def __init__(self, name, *keys, descending=False):
        self.name = name
        self.keys = {f"keyset_{index}": key for index, key in enumerate([*keys, F("pk")])}
        self.descending = descending

    def apply(self, queryset, backwards=False):
        """`queryset` with the keys annotated (a page's cursors are read from them) and sorted by them."""
        missing = {name: key for name, key in self.keys.items() if name not in queryset.query.annotations}
        queryset = queryset.annotate(**missing) if missing else queryset
        descending = self.descending != backwards
        return queryset.order_by(*(F(name).desc() if descending else F(name).asc() for name in self.keys))

    def page(self, queryset, cursor, size, total=None):
        """The page `cursor` points at, or the first page when there is no cursor or it is not valid here."""
        queryset = self.apply(queryset)
        position = self._read(queryset, cursor)
        if position is None:
            return self._first_page(queryset, size, total)
        values, start, backwards = position
        found = self._primary_keys(self._beyond(queryset, values, backwards), size + 1)
        if not backwards:
            return self._page(self._rows(queryset, found[:size]), start, size, len(found) > size, True, total)
        if len(found) <= size:
            # Nothing before these rows: the first page, which may hold more of them than a page back found.
            return self._first_page(queryset, size, total)
        # Rows written since the first page was read can put more rows before this one than its position says.
        return self._page(self._rows(queryset, found[:size]), max(start, 0), size, True, True, total)

    def _first_page(self, queryset, size, total):
        found = self._primary_keys(queryset, size + 1)
        return self._page(self._rows(queryset, found[:size]), 0, size, len(found) > size, False, total)

    @staticmethod
    def _primary_keys(queryset, limit):
        """Which rows a page holds, sorted by their keys alone: without an index for the order the database
        sorts every row, and sorting only the keys, not every column the page shows, is ten times faster."""
        return list(queryset.values_list("pk", flat=True)[:limit])

    @staticmethod
    def _rows(queryset, primary_keys):
        """The page's rows, in the order of `queryset`."""
        return list(queryset.filter(pk__in=primary_keys)) if primary_keys else []

    def _page(self, rows, start, size, has_next, has_previous, total):
        return Page(
            rows=rows,
            start=start,
            is_first=not has_previous,
            next_cursor=self._write(rows[-1], start + size, False) if has_next and rows else None,
            previous_cursor=self._write(rows[0], start - size, True) if has_previous and rows else None,
            total=total,
        )

    def _beyond(self, queryset, values, backwards):
        """The rows after `values` in this order, or before them (nearest first) when going backwards."""
        keys = [F(name) for name in self.keys]
        operator = "<" if self.descending != backwards else ">"
        fields = self._fields(queryset)
        bounds = [Value(value, output_field=field) for value, field in zip(values, fields)]
        return self.apply(queryset, backwards).filter(RowComparison(keys, bounds, operator))

    def _fields(self, queryset):
        return [queryset.query.annotations[name].output_field for name in self.keys]

    def _write(self, row, start, backwards):
        values = [_plain(getattr(row, name)) for name in self.keys]
        return signing.dumps([self.name, values, start, backwards], salt=SALT, compress=True)

    def _read(self, queryset, cursor):
        """(values, start, backwards) from a cursor written for this ordering, or None."""
        if not cursor:
            return None
        try:
            name, values, start, backwards = signing.loads(cursor, salt=SALT)
            fields = self._fields(queryset)
            if name != self.name or len(values) != len(fields) or type(start) is not int:
                return None
            return [field.to_python(value) for field, value in zip(fields, values)], start, backwards is True
        except (signing.BadSignature, ValidationError, ValueError, TypeError):
            return None


def _plain(value):
    """A key as JSON holds it; the field's to_python() reads it back."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value
