"""Residents' personal data (UU 27/2022): one resident's aspirations, their export and erasure,
and the retention sweep of `manage.py anonymize_residents`.

An aspiration's resident name and phone are kept in its history rows as well
(django-simple-history): erasing them scrubs those rows too, or the data
would live on there.
"""

import csv
from typing import NamedTuple

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Aspiration

# Without a number there is no one to contact: the consent goes with it.
ANONYMOUS = {
    "resident_name": "",
    "resident_phone": "",
    "is_anonymous": True,
    "contact_consent": False,
    "contact_channel": "",
}

# Spreadsheets run a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    ("nomor", lambda a: a.pk),
    ("dicatat", lambda a: timezone.localtime(a.created_at).strftime("%Y-%m-%d %H:%M")),
    ("desa", lambda a: a.visit.sector.village.name),
    ("sektor", lambda a: a.visit.sector.name),
    ("jenis", lambda a: a.get_kind_display()),
    ("kategori", lambda a: a.category.name),
    ("uraian", lambda a: a.description),
    ("status", lambda a: a.get_status_display()),
    ("nama_warga", lambda a: a.resident_name),
    ("telepon_warga", lambda a: a.resident_phone),
]


class Erased(NamedTuple):
    aspirations: int
    history_rows: int


def with_identity(queryset):
    return queryset.exclude(resident_name="", resident_phone="")


def same_resident(aspirations):
    """Every aspiration that carries the phone number or the full name of one of `aspirations`.

    A name alone can belong to two people: whoever acts on the result checks it.
    """
    phones = {a.resident_phone for a in aspirations if a.resident_phone}
    names = {a.resident_name.strip() for a in aspirations if a.resident_name.strip()}
    if not phones and not names:
        return Aspiration.objects.none()
    match = Q(resident_phone__in=phones)
    for name in names:
        match |= Q(resident_name__iexact=name)
    return Aspiration.objects.filter(match)


def spreadsheet_safe(value):
    """A text a spreadsheet would run as a formula, quoted so that it shows as typed; other values as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def write_export(aspirations, stream):
    """One resident's aspirations as CSV, for a data-subject request; returns the number of rows."""
    writer = csv.writer(stream)
    writer.writerow([name for name, _ in EXPORT_COLUMNS])
    rows = 0
    for aspiration in aspirations.select_related("visit__sector__village", "category").order_by("created_at"):
        writer.writerow([spreadsheet_safe(value(aspiration)) for _, value in EXPORT_COLUMNS])
        rows += 1
    return rows


def identity_counts(ids):
    """What erase_identity(ids) would change."""
    return Erased(
        aspirations=with_identity(Aspiration.objects.filter(pk__in=ids)).count(),
        history_rows=with_identity(Aspiration.history.filter(id__in=ids)).count(),
    )


@transaction.atomic
def erase_identity(ids, *, reason):
    """Blank the resident's name and phone on these aspirations and in all their history rows.

    The live aspirations are saved one by one, so their history records who
    erased them and why; the older history rows are then scrubbed in place.
    """
    changed = 0
    for aspiration in with_identity(Aspiration.objects.filter(pk__in=ids)).select_for_update():
        for field, value in ANONYMOUS.items():
            setattr(aspiration, field, value)
        aspiration._change_reason = reason
        aspiration.save(update_fields=[*ANONYMOUS, "updated_at"])
        changed += 1
    scrubbed = with_identity(Aspiration.history.filter(id__in=ids)).update(**ANONYMOUS)
    return Erased(aspirations=changed, history_rows=scrubbed)


def past_retention(cutoff):
    """Ids of aspirations closed or deleted before `cutoff` whose name or phone is still stored somewhere."""
    closed = Aspiration.objects.filter(status__in=Aspiration.CLOSED_STATUSES, closed_at__lt=cutoff)
    deleted = Aspiration.history.filter(history_type="-", history_date__lt=cutoff)
    history = Aspiration.history.filter(Q(id__in=closed.values("pk")) | Q(id__in=deleted.values("id")))
    return set(with_identity(closed).values_list("pk", flat=True)) | set(
        with_identity(history).values_list("id", flat=True)
    )
