"""What each GeoJSON layer of the map holds (reports/geojson.py), asked through /map/<layer>.geojson."""

import json
from datetime import datetime, time, timedelta
from decimal import Decimal
from io import StringIO
from urllib.parse import parse_qs
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from patrols.models import Aspiration
from sectors.models import Sector

from .factories import make_aspiration, make_category, make_district, make_sector, make_village, make_visit

pytestmark = pytest.mark.django_db

SHARED_BOUNDARIES = Path(settings.BASE_DIR).parent / "shared" / "data" / "sekongkang-boundaries.geojson"
SQUARE = [[[116.76, -8.96], [116.78, -8.96], [116.78, -8.94], [116.76, -8.94], [116.76, -8.96]]]
HOSTILE = "<img src=x onerror=alert(1)>"


def layer(client, name, **params):
    response = client.get(f"/map/{name}.geojson", params)
    assert response.status_code == 200, response.content
    data = json.loads(response.content)
    assert data["type"] == "FeatureCollection"
    return data["features"]


def wita_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def by_name(features):
    return {feature["properties"]["name"]: feature for feature in features}


@pytest.fixture
def as_officer(client, officer):
    client.force_login(officer)
    return client


@pytest.fixture
def as_humas(client, humas):
    client.force_login(humas)
    return client


class TestDistricts:
    def test_it_draws_the_imported_outline(self, as_officer):
        make_district(boundary={"type": "Polygon", "coordinates": SQUARE})

        [feature] = layer(as_officer, "districts")

        assert feature["geometry"] == {"type": "Polygon", "coordinates": SQUARE}
        assert feature["properties"] == {"name": "Sekongkang", "unit": "Polsek Sekongkang"}

    def test_without_an_outline_it_spans_the_desa_labels_and_sectors(self, as_officer):
        village = make_village(label_latitude=Decimal("-8.950000"), label_longitude=Decimal("116.770000"))
        make_sector(village=village, latitude=Decimal("-9.050000"), longitude=Decimal("116.900000"))

        [feature] = layer(as_officer, "districts")

        assert feature["properties"] == {"name": "Sekongkang", "unit": "Polsek Sekongkang", "approximate": True}
        west, south, east, north = 116.76, -9.06, 116.91, -8.94
        assert feature["geometry"]["coordinates"] == [
            [[west, south], [east, south], [east, north], [west, north], [west, south]]
        ]

    def test_a_kecamatan_with_nothing_placed_is_left_out(self, as_officer):
        make_village()

        assert layer(as_officer, "districts") == []


class TestVillages:
    def test_a_boundary_comes_with_its_label_point(self, as_officer):
        make_village(
            name="Kemuning",
            boundary={"type": "Polygon", "coordinates": SQUARE},
            label_latitude=Decimal("-8.953431"),
            label_longitude=Decimal("116.768017"),
        )

        [feature] = layer(as_officer, "villages")

        assert feature["geometry"]["type"] == "Polygon"
        assert feature["properties"] == {"name": "Kemuning", "label": [116.768017, -8.953431]}

    def test_before_the_import_a_desa_is_its_label_point(self, as_officer):
        make_village(name="Tongo", label_latitude=Decimal("-8.999592"), label_longitude=Decimal("116.808491"))
        make_village(name="Tanpa titik")

        [feature] = layer(as_officer, "villages")

        assert feature["geometry"] == {"type": "Point", "coordinates": [116.808491, -8.999592]}
        assert feature["properties"] == {"name": "Tongo"}


class TestBoundaryImport:
    def test_imported_boundaries_show_up_on_the_map(self, as_officer, tmp_path):
        make_village(name="Kemuning", code="52.07.04.2007")
        features = [
            {"type": "Feature", "properties": {"level": "kecamatan", "kode": "52.07.04", "nama": "Sekongkang"},
             "geometry": {"type": "MultiPolygon", "coordinates": [SQUARE]}},
            {"type": "Feature", "properties": {"kode": "52.07.04.2007", "inside_point_lat": -8.95,
                                               "inside_point_lon": 116.77},
             "geometry": {"type": "Polygon", "coordinates": SQUARE}},
        ]
        path = tmp_path / "batas.geojson"
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
        call_command("import_boundaries", str(path), stdout=StringIO())

        [district] = layer(as_officer, "districts")
        [village] = layer(as_officer, "villages")

        assert district["geometry"] == {"type": "MultiPolygon", "coordinates": [SQUARE]}
        assert "approximate" not in district["properties"]
        assert village["geometry"] == {"type": "Polygon", "coordinates": SQUARE}
        assert village["properties"] == {"name": "Kemuning", "label": [116.77, -8.95]}

    def test_the_shared_sekongkang_boundaries_show_up_on_the_map(self, as_officer):
        if not SHARED_BOUNDARIES.exists():
            pytest.skip(f"{SHARED_BOUNDARIES} not found: the shared data folder is not next to this checkout")
        call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())
        call_command("import_boundaries", str(SHARED_BOUNDARIES), stdout=StringIO())

        [district] = layer(as_officer, "districts")
        villages = layer(as_officer, "villages")

        assert district["geometry"]["type"] == "MultiPolygon"
        assert len(villages) == 7
        assert {feature["geometry"]["type"] for feature in villages} == {"MultiPolygon"}
        assert all(len(feature["properties"]["label"]) == 2 for feature in villages)


class TestSectors:
    def test_it_lists_active_sectors_with_a_position(self, as_officer):
        make_sector(name="Pos Ronda", latitude=Decimal("-8.991163"), longitude=Decimal("116.743236"))
        make_sector(name="Ditutup", is_active=False)
        make_sector(name="Tanpa titik", latitude=None, longitude=None)

        [feature] = layer(as_officer, "sectors")

        assert feature["geometry"] == {"type": "Point", "coordinates": [116.743236, -8.991163]}
        assert feature["id"] == Sector.objects.get(name="Pos Ronda").pk

    def test_it_says_what_the_popup_shows(self, as_officer, officer):
        village = make_village(name="Tongo")
        sector = make_sector(name="Pasar Tongo", kind=Sector.Kind.BUSINESS, village=village)
        make_visit(officer=officer, sector=sector, visited_at=timezone.now() - timedelta(days=40))
        visit = make_visit(officer=officer, sector=sector, visited_at=timezone.now() - timedelta(days=3))
        make_aspiration(visit)
        make_aspiration(visit, status=Aspiration.Status.DIVERIFIKASI)
        make_aspiration(visit, status=Aspiration.Status.SELESAI, closed_at=timezone.now())

        [feature] = layer(as_officer, "sectors")

        assert feature["properties"] == {
            "name": "Pasar Tongo",
            "kind": "business",
            "village": "Tongo",
            "days": 3,
            "open": 2,
        }

    def test_humas_gets_the_open_aspirations_to_link_newest_first(self, as_humas, officer):
        visit = make_visit(officer=officer)
        first, second = make_aspiration(visit), make_aspiration(visit)
        make_aspiration(visit, status=Aspiration.Status.SELESAI, closed_at=timezone.now())

        [feature] = layer(as_humas, "sectors")

        assert feature["properties"]["aspirations"] == [second.pk, first.pk]

    def test_never_visited_and_visited_today(self, as_officer, officer):
        make_sector(name="Belum")
        make_visit(officer=officer, sector=make_sector(name="Hari ini"))

        features = by_name(layer(as_officer, "sectors"))

        assert features["Belum"]["properties"]["days"] is None
        assert features["Belum"]["properties"]["open"] == 0
        assert features["Hari ini"]["properties"]["days"] == 0

    def test_a_hostile_name_is_a_plain_json_string(self, as_officer):
        make_sector(name=HOSTILE, village=make_village(name=f"Desa {HOSTILE}"))

        [feature] = layer(as_officer, "sectors")

        assert feature["properties"]["name"] == HOSTILE
        assert feature["properties"]["village"] == f"Desa {HOSTILE}"


class TestAspirations:
    @pytest.fixture
    def pasar(self, officer):
        sector = make_sector(name="Pasar Tongo", latitude=Decimal("-9.003"), longitude=Decimal("116.803"))
        return make_visit(officer=officer, sector=sector)

    def test_it_counts_per_sector(self, as_officer, pasar):
        yesterday = timezone.localdate() - timedelta(days=1)
        make_aspiration(pasar)
        make_aspiration(pasar, urgency=Aspiration.Urgency.MENDESAK)
        make_aspiration(pasar, due_date=yesterday)
        make_aspiration(pasar, status=Aspiration.Status.SELESAI, closed_at=timezone.now(), due_date=yesterday)

        [feature] = layer(as_officer, "aspirations")

        assert feature["id"] == pasar.sector_id
        assert feature["geometry"] == {"type": "Point", "coordinates": [116.803, -9.003]}
        assert feature["properties"] == {"name": "Pasar Tongo", "total": 4, "open": 3, "urgent": 1, "overdue": 1}

    def test_humas_gets_the_review_list_of_the_matching_aspirations(self, as_humas, pasar):
        theft = make_category("Pencurian ternak")
        make_aspiration(pasar, category=theft, status=Aspiration.Status.SELESAI, closed_at=timezone.now())
        wanted = make_aspiration(pasar, category=theft)
        make_aspiration(pasar)

        [feature] = layer(as_humas, "aspirations", category=theft.pk, status="baru", since="2025-01-01")
        link = feature["properties"]["list"]

        path, query = link.split("?")
        assert path == reverse("aspiration_list")
        assert parse_qs(query) == {
            "sector": [str(pasar.sector_id)],
            "category": [str(theft.pk)],
            "status": ["baru"],
            "created_after": ["2025-01-01"],
        }
        assert "aspirations" not in feature["properties"]
        page = as_humas.get(link)
        assert page.status_code == 200
        assert [row.pk for row in page.context["page"].rows] == [wanted.pk]

    def test_an_officer_gets_no_link(self, as_officer, pasar):
        make_aspiration(pasar)

        [feature] = layer(as_officer, "aspirations")

        assert "list" not in feature["properties"]

    def test_it_filters_by_category_and_status(self, as_officer, pasar, officer):
        theft = make_category("Pencurian ternak")
        make_aspiration(pasar, category=theft)
        make_aspiration(pasar, category=theft, status=Aspiration.Status.DIVERIFIKASI)
        make_aspiration(pasar)
        elsewhere = make_visit(officer=officer, sector=make_sector(name="Lain"))
        make_aspiration(elsewhere)

        [by_category] = layer(as_officer, "aspirations", category=theft.pk)
        [by_both] = layer(as_officer, "aspirations", category=theft.pk, status="diverifikasi")

        assert by_category["properties"]["total"] == 2
        assert by_both["properties"]["total"] == 1

    def test_it_filters_by_the_date_recorded_in_wita(self, as_officer, pasar):
        today = timezone.localdate()
        # 23.30 WITA the day before yesterday is 15.30 UTC: the UTC date must not decide.
        start = wita_midnight(today - timedelta(days=2))
        make_aspiration(pasar, created_at=start + timedelta(hours=23, minutes=30))
        make_aspiration(pasar, created_at=start + timedelta(days=1, minutes=30))
        make_aspiration(pasar, created_at=timezone.now())

        day_before = (today - timedelta(days=2)).isoformat()
        yesterday = (today - timedelta(days=1)).isoformat()
        [one_day] = layer(as_officer, "aspirations", since=day_before, until=day_before)
        [from_yesterday] = layer(as_officer, "aspirations", since=yesterday)
        nothing = layer(as_officer, "aspirations", until=(today - timedelta(days=3)).isoformat())

        assert one_day["properties"]["total"] == 1
        assert from_yesterday["properties"]["total"] == 2
        assert nothing == []

    def test_a_hostile_sector_name_is_a_plain_json_string(self, as_officer, officer):
        make_aspiration(make_visit(officer=officer, sector=make_sector(name=HOSTILE)))

        [feature] = layer(as_officer, "aspirations")

        assert feature["properties"]["name"] == HOSTILE


class TestVisits:
    def test_one_marker_per_sector_and_day_at_the_mean_gps_fix(self, as_officer, officer):
        sector = make_sector(name="Dusun Senutuk", latitude=Decimal("-9.034"), longitude=Decimal("116.832"))
        now = timezone.now()
        first = make_visit(officer=officer, sector=sector, visited_at=now,
                           latitude=Decimal("-9.034001"), longitude=Decimal("116.832001"))
        second = make_visit(officer=officer, sector=sector, visited_at=now,
                            latitude=Decimal("-9.034002"), longitude=Decimal("116.832004"))

        [feature] = layer(as_officer, "visits")

        longitude, latitude = feature["geometry"]["coordinates"]
        assert abs(latitude - -9.0340015) < 1e-6 and abs(longitude - 116.8320025) < 1e-6
        assert all(len(str(value).split(".")[1]) <= 6 for value in (latitude, longitude))
        assert feature["properties"] == {
            "name": "Dusun Senutuk",
            "date": timezone.localdate().isoformat(),
            "visits": [second.pk, first.pk],
            "far": False,
        }

    def test_days_are_wita_days(self, as_officer, officer):
        sector = make_sector()
        midnight = wita_midnight(timezone.localdate())
        gps = {"latitude": Decimal("-8.99"), "longitude": Decimal("116.74")}
        make_visit(officer=officer, sector=sector, visited_at=midnight - timedelta(minutes=30), **gps)
        make_visit(officer=officer, sector=sector, visited_at=midnight + timedelta(minutes=30), **gps)

        dates = [feature["properties"]["date"] for feature in layer(as_officer, "visits")]

        assert dates == [(timezone.localdate() - timedelta(days=1)).isoformat(), timezone.localdate().isoformat()]

    def test_the_last_week_by_default_and_without_gps_nothing(self, as_officer, officer):
        gps = {"latitude": Decimal("-8.99"), "longitude": Decimal("116.74")}
        make_visit(officer=officer, sector=make_sector(name="Minggu ini"), visited_at=timezone.now() - timedelta(days=6), **gps)
        make_visit(officer=officer, sector=make_sector(name="Lama"), visited_at=timezone.now() - timedelta(days=8), **gps)
        make_visit(officer=officer, sector=make_sector(name="Tanpa GPS"))

        assert list(by_name(layer(as_officer, "visits"))) == ["Minggu ini"]
        since = (timezone.localdate() - timedelta(days=10)).isoformat()
        assert list(by_name(layer(as_officer, "visits", since=since))) == ["Lama", "Minggu ini"]

    def test_a_fix_far_from_the_sector_is_flagged(self, as_officer, officer):
        sector = make_sector(latitude=Decimal("-8.99"), longitude=Decimal("116.74"))
        make_visit(officer=officer, sector=sector, latitude=Decimal("-9.01"), longitude=Decimal("116.74"))

        [feature] = layer(as_officer, "visits")

        assert feature["properties"]["far"] is True
