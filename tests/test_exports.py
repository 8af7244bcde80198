import csv
import io
import logging
from datetime import datetime

import pytest
from django.db.backends.utils import CursorWrapper
from django.http import FileResponse, StreamingHttpResponse
from openpyxl import load_workbook

from patrols.models import Aspiration
from patrols.views import exports

from .factories import make_category, make_patrol, make_visit

CSV, XLSX = "/aspirations/export.csv", "/aspirations/export.xlsx"


def csv_rows(response, delimiter=","):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=delimiter))


def exported(caplog):
    """The audit log's lines about exports of personal data."""
    return [r.getMessage() for r in caplog.records if r.name == "accounts.audit" and "exported" in r.getMessage()]


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.django_db
class TestCsv:
    def test_it_streams_the_filtered_list(self, reviewer, week):
        response = reviewer.get(CSV, {"kind": "aspirasi", "o": "created"})
        assert isinstance(response, StreamingHttpResponse)
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Content-Disposition"].startswith('attachment; filename="aspirasi-')
        header, *rows = csv_rows(response)
        assert header[:8] == ["Nomor", "Dicatat", "Jenis", "Kategori", "Uraian", "Urgensi", "Status", "Tenggat"]
        expected = [a for a in week.aspirations if a.kind == "aspirasi"]
        assert [int(row[0]) for row in rows] == [a.pk for a in expected]
        first = dict(zip(header, rows[0], strict=True))
        assert first["Dicatat"] == "2025-10-21 15:05"
        assert first["Kategori"] == "Lalu lintas & jalan"
        assert first["Lewat tenggat"] == "Ya"
        assert first["Desa"] == "Ai Kangkung"
        assert first["Sektor"] == "Permukiman Dusun Senutuk"
        assert first["Petugas"] == "Bripka Ahmad Rahman"
        assert first["Tanggapan ke warga"] == "Tidak"

    def test_personal_data_is_left_out_by_default_and_nothing_is_logged(self, reviewer, week, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            response = reviewer.get(CSV)
            text = b"".join(response.streaming_content).decode()
        assert "Nama warga" not in text
        assert "Siti Aminah" not in text
        assert "081200001234" not in text
        assert not exported(caplog)

    def test_personal_data_when_ticked_is_included_and_logged(self, reviewer, week, humas, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            response = reviewer.get(CSV, {"personal": "1", "village": week.villages["Ai Kangkung"].pk})
            header, *rows = csv_rows(response)
        assert header[-2:] == ["Nama warga", "Telepon warga"]
        assert ["Siti Aminah", "081200001234"] in [row[-2:] for row in rows]
        village = week.villages["Ai Kangkung"].pk
        assert exported(caplog) == [
            f"personal data exported user='iptu.humas' (id {humas.pk}) "
            f"what=aspiration list as csv, filter 'village={village}' rows=4"
        ]

    def test_excel_in_indonesian_gets_semicolons_and_the_same_rows(self, reviewer, week, humas, caplog):
        """Excel with Indonesian regional settings splits at semicolons; the comma file stays as it was."""
        query = {"kind": "aspirasi", "o": "created", "personal": "1"}
        comma = csv_rows(reviewer.get(CSV, query))
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            response = reviewer.get(CSV, {**query, "sep": "semicolon"})
            semicolon = csv_rows(response, delimiter=";")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert semicolon == comma and len(semicolon[0]) > 10
        assert "filter 'kind=aspirasi&o=created'" in exported(caplog)[0]

    def test_an_unknown_separator_gives_the_comma_file(self, reviewer, week):
        assert csv_rows(reviewer.get(CSV, {"sep": "tab"}))[0][:2] == ["Nomor", "Dicatat"]

    def test_the_review_list_says_which_export_suits_excel(self, reviewer, week):
        body = reviewer.get("/aspirations/").content.decode()
        assert 'name="sep" value="semicolon">CSV (Excel Indonesia)</button>' in body
        assert "Untuk Excel: “Ekspor Excel” atau “CSV (Excel Indonesia)”" in body

    def test_a_cell_that_looks_like_a_formula_is_defused(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        Aspiration.objects.create(visit=visit, category=make_category(), description='=HYPERLINK("x")')
        _, row = csv_rows(reviewer.get(CSV))
        assert row[4] == '\'=HYPERLINK("x")'

    def test_rows_are_read_a_chunk_at_a_time(self, reviewer, officer, monkeypatch):
        """A long export holds one chunk of rows, not the whole table."""
        visit = make_visit(make_patrol(officer))
        category = make_category()
        Aspiration.objects.bulk_create(
            Aspiration(visit=visit, unit=visit.unit, category=category, description=f"Aspirasi {n}") for n in range(1050)
        )
        monkeypatch.setattr(exports, "CHUNK_SIZE", 100)
        monkeypatch.setattr(exports, "CSV_FLUSH_BYTES", 1)
        fetched = []

        def fetchmany(cursor, size=None):
            rows = cursor.cursor.fetchmany(size)
            fetched.append(len(rows))
            return rows

        monkeypatch.setattr(CursorWrapper, "fetchmany", fetchmany, raising=False)
        response = reviewer.get(CSV)
        fetched.clear()  # the queries that ran before streaming began
        content = iter(response.streaming_content)
        assert next(content).startswith("\ufeffNomor,".encode())
        assert fetched == [], "the header goes out before the query"
        assert b"Aspirasi 1049" in next(content)  # newest first
        assert fetched == [100]
        assert len(list(content)) == 1049
        assert sum(fetched) == 1050
        assert max(fetched) == 100


@pytest.mark.django_db
class TestXlsx:
    def test_it_sends_the_filtered_list_as_a_workbook(self, reviewer, week):
        response = reviewer.get(XLSX, {"urgency": "mendesak"})
        assert isinstance(response, FileResponse)
        assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
        assert response["Content-Disposition"].startswith('attachment; filename="aspirasi-')
        header, *rows = xlsx_rows(response)
        assert header[:3] == ["Nomor", "Dicatat", "Jenis"]
        (row,) = rows
        record = dict(zip(header, row, strict=False))  # a read-only sheet drops trailing empty cells
        assert record["Dicatat"] == datetime(2025, 10, 23, 9, 45)
        assert record["Urgensi"] == "Mendesak"
        assert record["Desa"] == "Kemuning"
        assert "Nama warga" not in header

    def test_personal_data_when_ticked_is_included_and_logged(self, reviewer, week, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            header, *rows = xlsx_rows(reviewer.get(XLSX, {"personal": "1"}))
        assert "Telepon warga" in header
        assert "081300005678" in [row[-1] for row in rows]
        (line,) = exported(caplog)
        assert "what=aspiration list as xlsx, filter '' rows=" in line

    def test_a_formula_is_stored_as_text(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        Aspiration.objects.create(visit=visit, category=make_category(), description="=1+1")
        _, row = xlsx_rows(reviewer.get(XLSX))
        assert row[4] == "=1+1"

    def test_control_characters_are_dropped(self, reviewer, officer):
        visit = make_visit(make_patrol(officer))
        Aspiration.objects.create(visit=visit, category=make_category(), description="Jalan\x0b rusak\x1f")
        _, row = xlsx_rows(reviewer.get(XLSX))
        assert row[4] == "Jalan rusak"

    def test_more_rows_than_the_limit_sends_the_reviewer_to_the_csv(self, reviewer, week, settings):
        settings.EXPORT_XLSX_MAX_ROWS = 2
        response = reviewer.get(XLSX, {"kind": "aspirasi"})
        assert response.status_code == 302
        assert response["Location"] == "/aspirations/?kind=aspirasi"
        assert str(list(response.wsgi_request._messages)[0]) == (
            "Ekspor Excel paling banyak 2 baris, sedangkan filter ini memuat 3. Persempit filter atau gunakan CSV."
        )
        list_page = reviewer.get("/aspirations/", {"kind": "aspirasi"}).content.decode()
        assert "Excel paling banyak 2 baris" in list_page
        assert 'formaction="/aspirations/export.xlsx"' not in list_page
