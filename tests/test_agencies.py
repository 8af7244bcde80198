"""Agencies as a list: forwarding picks one or adds one, the dashboard groups by it, and the migration
turns the names typed before into rows."""

import importlib

import pytest

from accounts.models import Unit
from patrols import stats
from patrols.models import Agency, Aspiration

from .factories import make_aspiration, make_district, make_patrol, make_sector, make_village, make_visit

Status = Aspiration.Status
data_migration = importlib.import_module("patrols.migrations.0008_loop_data")


@pytest.fixture
def units(db):
    polda = Unit.objects.create(name="Polda Uji", kind="polda", code="polda-uji")
    polres = Unit.objects.create(name="Polres Uji", kind="polres", code="polres-uji", parent=polda)
    return {
        "polres": polres,
        "sekongkang": Unit.objects.create(name="Polsek A", kind="polsek", code="polsek-a", parent=polres),
        "maluk": Unit.objects.create(name="Polsek B", kind="polsek", code="polsek-b", parent=polres),
    }


def aspiration_in(unit, officer, code, **fields):
    district = make_district(code=code, name=f"Kecamatan {code}", unit=unit)
    sector = make_sector(village=make_village(district=district))
    fields.setdefault("status", Status.DIVERIFIKASI)
    return make_aspiration(make_visit(make_patrol(officer), sector=sector), **fields)


def forward(client, aspiration, **data):
    data = {"version": aspiration.version, "status": "diteruskan", "note": "", **data}
    return client.post(f"/aspirations/{aspiration.pk}/", data)


@pytest.mark.django_db
class TestForwarding:
    def test_it_picks_an_agency_from_the_list(self, reviewer, officer, units):
        aspiration = aspiration_in(units["sekongkang"], officer, "52.07.91")
        agency = Agency.objects.create(name="Dinas PUPR", unit=units["polres"])
        assert forward(reviewer, aspiration, agency=agency.pk).status_code == 302
        aspiration.refresh_from_db()
        assert (aspiration.agency, aspiration.forwarded_to) == (agency, "Dinas PUPR")

    def test_another_agency_typed_in_is_added_to_the_units_list(self, reviewer, officer, units):
        aspiration = aspiration_in(units["sekongkang"], officer, "52.07.92")
        assert forward(reviewer, aspiration, forwarded_to="  Dinas   Sosial ").status_code == 302
        agency = Agency.objects.get()
        assert (agency.name, agency.unit) == ("Dinas Sosial", units["sekongkang"])
        aspiration.refresh_from_db()
        assert aspiration.agency == agency

    def test_a_name_typed_as_an_alias_finds_the_agency(self, reviewer, officer, units):
        aspiration = aspiration_in(units["sekongkang"], officer, "52.07.93")
        agency = Agency.objects.create(name="Dinas PUPR", aliases="Dinas PUPR KSB\nPUPR", unit=units["polres"])
        forward(reviewer, aspiration, forwarded_to="dinas pupr ksb")
        aspiration.refresh_from_db()
        assert aspiration.agency == agency and Agency.objects.count() == 1

    def test_the_list_offers_the_units_agencies_and_those_above_it_only(self, reviewer, officer, units):
        aspiration = aspiration_in(units["sekongkang"], officer, "52.07.94")
        Agency.objects.create(name="Dinas PUPR", unit=units["polres"])
        Agency.objects.create(name="Pemdes Tongo", unit=units["sekongkang"])
        Agency.objects.create(name="Pemdes Maluk", unit=units["maluk"])
        Agency.objects.create(name="Basarnas")
        body = reviewer.get(f"/aspirations/{aspiration.pk}/").content.decode()
        assert "Dinas PUPR" in body and "Pemdes Tongo" in body and "Basarnas" in body
        assert "Pemdes Maluk" not in body
        foreign = Agency.objects.get(name="Pemdes Maluk")
        response = forward(reviewer, aspiration, agency=foreign.pk)
        assert response.status_code == 200 and "agency" in response.context["form"].errors


@pytest.mark.django_db
class TestGrouping:
    def test_the_names_typed_before_become_one_agency_per_group(self, officer, units):
        spellings = ["Dinas PUPR", "Dinas PUPR KSB", "dinas  pupr", "Dinas Pekerjaan Umum dan Penataan Ruang",
                     "Satpol PP KSB", "Pemdes Tongo"]
        rows = [
            aspiration_in(units["sekongkang"] if n % 2 else units["maluk"], officer, f"52.07.8{n}",
                          status=Status.DITERUSKAN, forwarded_to=name)
            for n, name in enumerate(spellings)
        ]

        data_migration.make_agencies(Aspiration, Agency, Unit)

        names = sorted(Agency.objects.values_list("name", flat=True))
        assert names == ["Dinas PUPR", "Pemdes Tongo", "Satpol PP"]
        assert all(agency.unit == units["polres"] for agency in Agency.objects.all())
        pupr = Agency.objects.get(name="Dinas PUPR")
        assert set(pupr.aspirations.all()) == set(rows[:4])
        assert "Dinas PUPR KSB" in pupr.aliases.splitlines()
        assert [row.forwarded_to for row in Aspiration.objects.order_by("pk")] == spellings

    def test_waiting_on_agencies_is_one_row_per_agency(self, officer, units):
        for n, name in enumerate(["Dinas PUPR", "Dinas PUPR KSB", "Satpol PP"]):
            aspiration_in(units["sekongkang"], officer, f"52.07.7{n}", status=Status.DITERUSKAN, forwarded_to=name)
        data_migration.make_agencies(Aspiration, Agency, Unit)
        rows = [(row["name"], row["n"]) for row in stats.waiting_on_agencies()]
        assert rows == [("Dinas PUPR", 2), ("Satpol PP", 1)]
