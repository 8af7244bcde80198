"""CSV and XLSX exports of the filtered review list.

Rows come from the database in chunks (`QuerySet.iterator`), as plain tuples,
so an export of a million rows holds one chunk in memory at a time.
"""

import csv
import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from accounts import audit
from accounts.decorators import role_required
from accounts.models import Role, User
from config.middleware import limit_statements

from ..filters import AspirationFilter, review_queryset
from ..models import Aspiration
from ..privacy import spreadsheet_safe

CHUNK_SIZE = 2000
CSV_FLUSH_BYTES = 64 * 1024
# One sheet holds 1,048,576 rows, the header included.
SHEET_MAX_ROWS = 1_048_575
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel under Indonesian regional settings splits a CSV at semicolons: a comma file opens as one column.
CSV_DELIMITERS = {"comma": ",", "semicolon": ";"}


@dataclass(frozen=True)
class Column:
    header: str
    fields: tuple
    width: int = 14
    format: Callable = lambda value: value


def _local(value):
    return timezone.localtime(value).replace(tzinfo=None, microsecond=0) if value else None


def _yes_no(value):
    return _("Ya") if value else _("Tidak")


def columns(personal, today, names):
    """The export's columns; residents' names and phones only when asked for."""
    kinds, urgencies, statuses = (
        {value: str(label) for value, label in choices.choices}
        for choices in (Aspiration.Kind, Aspiration.Urgency, Aspiration.Status)
    )
    open_statuses = set(Aspiration.OPEN_STATUSES)
    result = [
        Column(_("Nomor"), ("pk",), 8),
        Column(_("Dicatat"), ("created_at",), 17, _local),
        Column(_("Jenis"), ("kind",), 11, kinds.get),
        Column(_("Kategori"), ("category__name",), 24),
        Column(_("Uraian"), ("description",), 60),
        Column(_("Urgensi"), ("urgency",), 10, urgencies.get),
        Column(_("Status"), ("status",), 16, statuses.get),
        Column(_("Tenggat"), ("due_date",), 12),
        Column(
            _("Lewat tenggat"),
            ("status", "due_date"),
            8,
            lambda status, due: _yes_no(status in open_statuses and due is not None and due < today),
        ),
        Column(_("Desa"), ("visit__sector__village__name",), 18),
        Column(_("Sektor"), ("visit__sector__name",), 24),
        Column(_("Petugas"), ("visit__officer_id",), 24, names.get),
        Column(_("Penanggung jawab"), ("assignee_id",), 24, names.get),
        Column(_("Diteruskan ke"), ("forwarded_to",), 24),
        Column(_("Alasan tidak dapat ditindaklanjuti"), ("refusal_reason",), 30),
        Column(_("Tanggapan ke warga"), ("feedback_given",), 10, _yes_no),
        Column(_("Ditutup"), ("closed_at",), 17, _local),
    ]
    if personal:
        result += [
            Column(_("Nama warga"), ("resident_name",), 20),
            Column(_("Telepon warga"), ("resident_phone",), 15),
        ]
    return result


def export_rows(queryset, columns):
    """Formatted rows, fetched CHUNK_SIZE at a time."""
    fields = [field for column in columns for field in column.fields]
    slices = []
    start = 0
    for column in columns:
        slices.append((column.format, start, start + len(column.fields)))
        start += len(column.fields)
    for row in queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE):
        yield [format_(*row[a:b]) for format_, a, b in slices]


class Export:
    """What both formats share: the filtered rows, the columns and the audit log."""

    def __init__(self, request, extension):
        # Every row of a Polres's history takes longer than a page.
        limit_statements(settings.DB_EXPORT_STATEMENT_TIMEOUT_MS)
        self.request = request
        self.extension = extension
        self.personal = request.GET.get("personal") == "1"
        filterset = AspirationFilter(request.GET, queryset=review_queryset())
        # Refused, not run: the list shows why in its filter form.
        self.search_errors = filterset.form.errors.get("q")
        if self.search_errors:
            return
        self.queryset = filterset.qs
        self.count = self.queryset.count()
        names = {user.pk: user.display_name for user in User.objects.all()}
        self.columns = columns(self.personal, timezone.localdate(), names)
        self.filename = f"aspirasi-{timezone.localdate():%Y-%m-%d}.{extension}"

    def headers(self):
        return [column.header for column in self.columns]

    def rows(self):
        return export_rows(self.queryset, self.columns)

    def log(self):
        if not self.personal:
            return
        filters = self.request.GET.copy()
        filters.pop("personal", None)
        filters.pop("sep", None)
        what = f"aspiration list as {self.extension}, filter {filters.urlencode()!r}"
        audit.personal_data_exported(self.request.user, what, self.count)


def search_refused(request, errors):
    back = f"{reverse('aspiration_list')}?{request.GET.urlencode()}"
    return render(request, "patrols/export_refused.html", {"errors": errors, "back": back}, status=400)


def _csv_text(value):
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return spreadsheet_safe(value)


def csv_stream(headers, rows, delimiter=","):
    """CSV text in pieces of about CSV_FLUSH_BYTES; the BOM lets Excel read UTF-8.

    The header goes out before the first row is read, so the download starts
    at once however long the query takes.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    buffer.write("\ufeff")
    writer.writerow(headers)
    yield flush()
    for row in rows:
        writer.writerow([_csv_text(value) for value in row])
        if buffer.tell() >= CSV_FLUSH_BYTES:
            yield flush()
    if buffer.tell():
        yield flush()


@role_required(Role.HUMAS, Role.ADMIN)
def export_csv(request):
    """The filtered list as CSV, streamed while it is read from the database; `?sep=semicolon` for Excel in Indonesian."""
    delimiter = CSV_DELIMITERS.get(request.GET.get("sep"), ",")
    export = Export(request, "csv")
    if export.search_errors:
        return search_refused(request, export.search_errors)
    export.log()
    response = StreamingHttpResponse(
        csv_stream(export.headers(), export.rows(), delimiter), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response


def xlsx_max_rows():
    return min(settings.EXPORT_XLSX_MAX_ROWS, SHEET_MAX_ROWS)


def _xlsx_value(sheet, value):
    if not isinstance(value, str):
        return value
    # Control characters pasted into a description are not allowed in a sheet.
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if value.startswith("="):
        # openpyxl would store it as a formula.
        cell = WriteOnlyCell(sheet, value)
        cell.data_type = "s"
        return cell
    return value


@role_required(Role.HUMAS, Role.ADMIN)
def export_xlsx(request):
    """The filtered list as XLSX, up to EXPORT_XLSX_MAX_ROWS rows.

    A write-only workbook appends each row to a temporary file on disk, and
    the finished file is sent from disk in blocks: memory holds one chunk of
    rows, whatever the number of rows.
    """
    export = Export(request, "xlsx")
    if export.search_errors:
        return search_refused(request, export.search_errors)
    if export.count > xlsx_max_rows():
        messages.error(
            request,
            _(
                "Ekspor Excel paling banyak %(limit)s baris, sedangkan filter ini memuat %(count)s. "
                "Persempit filter atau gunakan CSV."
            )
            % {"limit": intcomma(xlsx_max_rows()), "count": intcomma(export.count)},
        )
        return redirect(f"{reverse('aspiration_list')}?{request.GET.urlencode()}")
    export.log()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Aspirasi"))
    sheet.freeze_panes = "A2"
    for index, column in enumerate(export.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    bold = Font(bold=True)
    header = []
    for title in export.headers():
        cell = WriteOnlyCell(sheet, title)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in export.rows():
        sheet.append([_xlsx_value(sheet, value) for value in row])
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return FileResponse(output, as_attachment=True, filename=export.filename, content_type=XLSX_CONTENT_TYPE)
