"""/map/<layer>.geojson: who may ask, bad parameters, conditional requests and the query count."""

import gzip
import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.http import http_date

from patrols.models import Aspiration, AspirationUpdate, Visit
from sectors.models import District, Sector, Village

from .factories import make_aspiration, make_sector, make_village, make_visit

pytestmark = pytest.mark.django_db

LAYERS = ["districts", "villages", "sectors", "aspirations", "visits"]
# force_login's session, its user, the user's permissions, and the units the user reaches.
AUTH_QUERIES = 4
# The boundary layers' ETag is a hash of the body; the others ask a cheap question first.
# A data layer: its state, then the layer (the sectors' open aspirations are a query of their own).
# The aspirations layer: its version, the tallies per sector, the overdue ones, the sectors' places.
LAYER_QUERIES = {"districts": 1, "villages": 1, "sectors": 3, "aspirations": 4, "visits": 2}


def url(name):
    return f"/map/{name}.geojson"


def populate(officer, count):
    """`count` sectors, each in its own desa, visited today with GPS, each with an open aspiration."""
    for n in range(count):
        village = make_village(label_latitude=Decimal("-8.99"), label_longitude=Decimal(f"116.{700 + n}"))
        sector = make_sector(village=village, latitude=Decimal("-8.98"), longitude=Decimal(f"116.{700 + n}"))
        visit = make_visit(officer=officer, sector=sector, latitude=Decimal("-8.98"), longitude=Decimal("116.7"))
        make_aspiration(visit)


class TestAccess:
    @pytest.mark.parametrize("name", LAYERS)
    def test_an_anonymous_request_gets_a_json_403(self, client, name):
        response = client.get(url(name))

        assert response.status_code == 403
        assert "Sesi Anda telah berakhir" in response.json()["error"]

    def test_an_account_without_a_role_gets_a_json_403(self, client, outsider):
        client.force_login(outsider)

        response = client.get(url("sectors"))

        assert response.status_code == 403
        assert "belum memiliki peran" in response.json()["error"]

    def test_an_unknown_layer_is_a_json_404(self, client, officer):
        client.force_login(officer)

        response = client.get(url("rahasia"))

        assert response.status_code == 404
        assert response.json()["error"]

    def test_only_get(self, client, officer):
        client.force_login(officer)

        assert client.post(url("sectors")).status_code == 405

    @pytest.mark.parametrize("persona", ["officer", "humas", "admin_user"])
    def test_every_role_gets_every_layer(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))

        for name in LAYERS:
            assert client.get(url(name)).status_code == 200, name


class TestBadParameters:
    @pytest.mark.parametrize(
        "name, params, message",
        [
            ("aspirations", {"since": "kemarin"}, "since: Masukkan tanggal yang valid."),
            ("aspirations", {"until": "2026-13-01"}, "until: Masukkan tanggal yang valid."),
            ("aspirations", {"since": "01/02/2026"}, "since: Masukkan tanggal yang valid."),
            ("aspirations", {"status": "hilang"}, "status: "),
            ("aspirations", {"category": "satu"}, "category: "),
            ("aspirations", {"category": "0"}, "category: "),
            ("aspirations", {"category": "99999999999999999999"}, "category: "),
            ("aspirations", {"since": "2026-02-01", "until": "2026-01-01"}, "Tanggal awal tidak boleh sesudah"),
            ("visits", {"since": "2026-01-01", "until": "2026-03-01"}, "paling panjang 31 hari"),
            ("visits", {"until": "besok"}, "until: Masukkan tanggal yang valid."),
            ("visits", {"until": "0001-01-01"}, "until: Pastikan nilai ini lebih besar"),
            ("aspirations", {"until": "9999-12-31"}, "until: Pastikan nilai ini lebih kecil"),
        ],
    )
    def test_it_answers_400_in_indonesian(self, client, officer, name, params, message):
        client.force_login(officer)

        response = client.get(url(name), params)

        assert response.status_code == 400
        assert message in response.json()["error"]
        assert "ETag" not in response.headers

    def test_it_names_each_bad_parameter(self, client, officer):
        client.force_login(officer)

        body = client.get(url("aspirations"), {"since": "x", "status": "y"}).json()

        assert set(body["fields"]) == {"since", "status"}
        assert body["fields"]["since"] == ["Masukkan tanggal yang valid."]

    def test_a_visit_range_in_the_future_is_refused(self, client, officer):
        client.force_login(officer)
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()

        response = client.get(url("visits"), {"since": tomorrow})

        assert response.status_code == 400


class TestResponse:
    def test_it_is_compact_geojson_that_no_cache_keeps(self, client, officer):
        populate(officer, 2)
        client.force_login(officer)

        response = client.get(url("sectors"))

        assert response["Content-Type"] == "application/geo+json"
        assert response.content == json.dumps(
            json.loads(response.content), separators=(",", ":"), ensure_ascii=False
        ).encode()
        assert response["Cache-Control"] == "no-store, private"
        assert "Cookie" in response["Vary"]


    def test_it_is_compressed_for_a_browser_that_accepts_gzip(self, client, officer):
        populate(officer, 5)
        client.force_login(officer)

        response = client.get(url("sectors"), headers={"Accept-Encoding": "gzip, deflate"})
        etag = response["ETag"]

        assert response["Content-Encoding"] == "gzip"
        assert json.loads(gzip.decompress(response.content))["type"] == "FeatureCollection"
        assert etag.startswith('W/"')
        assert client.get(url("sectors"), headers={"If-None-Match": etag}).status_code == 304


class TestConditionalRequests:
    @pytest.fixture
    def as_officer(self, client, officer):
        populate(officer, 2)
        client.force_login(officer)
        return client

    @pytest.mark.parametrize("name", LAYERS)
    def test_a_matching_etag_gets_a_304(self, as_officer, name):
        etag = as_officer.get(url(name))["ETag"]

        response = as_officer.get(url(name), headers={"If-None-Match": etag})

        assert response.status_code == 304
        assert response.content == b""
        assert response["ETag"] == etag

    @pytest.mark.parametrize("name", ["sectors", "aspirations", "visits"])
    def test_an_unchanged_layer_since_its_last_modified_gets_a_304(self, as_officer, name):
        last_modified = as_officer.get(url(name))["Last-Modified"]

        response = as_officer.get(url(name), headers={"If-Modified-Since": last_modified})

        assert response.status_code == 304

    def test_a_304_skips_the_layer_query(self, as_officer, django_assert_num_queries):
        etag = as_officer.get(url("sectors"))["ETag"]

        with django_assert_num_queries(AUTH_QUERIES + 1):
            assert as_officer.get(url("sectors"), headers={"If-None-Match": etag}).status_code == 304

    def test_last_modified_is_never_before_todays_midnight(self, as_officer):
        three_days_ago = timezone.now() - timedelta(days=3)
        Aspiration.objects.update(updated_at=three_days_ago)
        Aspiration.history.update(history_date=three_days_ago)
        Visit.history.update(history_date=three_days_ago)
        Sector.objects.update(updated_at=three_days_ago)

        response = as_officer.get(url("aspirations"))

        midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
        assert response["Last-Modified"] == http_date(midnight.timestamp())

    def test_a_new_visit_changes_the_sectors_and_visits_layers(self, as_officer, officer):
        before = {name: as_officer.get(url(name))["ETag"] for name in ("sectors", "visits")}

        make_visit(officer=officer, latitude=Decimal("-8.98"), longitude=Decimal("116.7"))

        for name, etag in before.items():
            assert as_officer.get(url(name), headers={"If-None-Match": etag}).status_code == 200, name

    def test_a_status_change_changes_the_sectors_and_aspirations_layers(self, as_officer, humas):
        before = {name: as_officer.get(url(name))["ETag"] for name in ("sectors", "aspirations")}

        aspiration = Aspiration.objects.first()
        aspiration.status = Aspiration.Status.DIVERIFIKASI
        aspiration.save()
        AspirationUpdate.objects.create(aspiration=aspiration, author=humas, status_from="baru", status_to="diverifikasi")

        for name, etag in before.items():
            assert as_officer.get(url(name), headers={"If-None-Match": etag}).status_code == 200, name

    def test_a_moved_sector_changes_the_sectors_layer(self, as_officer):
        etag = as_officer.get(url("sectors"))["ETag"]
        sector = Sector.objects.first()
        sector.latitude = Decimal("-8.97")
        sector.save()

        assert as_officer.get(url("sectors"), headers={"If-None-Match": etag}).status_code == 200

    def test_an_imported_boundary_changes_the_boundary_layers(self, as_officer):
        square = [[[116.76, -8.96], [116.78, -8.96], [116.78, -8.94], [116.76, -8.94], [116.76, -8.96]]]
        before = {name: as_officer.get(url(name))["ETag"] for name in ("districts", "villages")}

        District.objects.update(boundary={"type": "Polygon", "coordinates": square})
        Village.objects.update(boundary={"type": "Polygon", "coordinates": square})

        for name, etag in before.items():
            assert as_officer.get(url(name), headers={"If-None-Match": etag}).status_code == 200, name

    def test_other_filters_or_another_role_are_another_version(self, client, as_officer, humas):
        officers = as_officer.get(url("sectors"))["ETag"]
        all_statuses = as_officer.get(url("aspirations"))["ETag"]
        only_new = as_officer.get(url("aspirations"), {"status": "baru"})["ETag"]
        client.force_login(humas)

        assert client.get(url("sectors"))["ETag"] != officers
        assert only_new != all_statuses


class TestQueryCount:
    @pytest.mark.parametrize("name", LAYERS)
    def test_a_layer_costs_the_same_queries_for_3_or_30_sectors(
        self, client, officer, name, django_assert_num_queries
    ):
        client.force_login(officer)
        for count in (3, 30):
            populate(officer, count)
            with django_assert_num_queries(AUTH_QUERIES + LAYER_QUERIES[name]):
                assert client.get(url(name)).status_code == 200
        if name in ("sectors", "aspirations", "visits"):
            # Nothing changed since: the layer built a moment ago is sent again.
            with django_assert_num_queries(AUTH_QUERIES + 1):
                assert client.get(url(name)).status_code == 200
