"""import_boundaries: GeoJSON outlines into Village.boundary and District.boundary."""

import json
from decimal import Decimal
from io import StringIO
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accounts.models import Unit
from sectors.models import District, Village

from .factories import make_district, make_village
from .shared_data import shared_file

SHARED_BOUNDARIES = shared_file("sekongkang-boundaries.geojson")
KSB_BOUNDARIES = shared_file("sumbawa-barat-boundaries.geojson")
SQUARE = [[[116.76, -8.96], [116.78, -8.96], [116.78, -8.94], [116.76, -8.94], [116.76, -8.96]]]


def feature(coordinates=SQUARE, geometry_type="Polygon", **properties):
    geometry = {"type": geometry_type, "coordinates": coordinates}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def write(tmp_path, *features):
    path = tmp_path / "batas.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": list(features)}))
    return path


def run(path):
    out = StringIO()
    call_command("import_boundaries", str(path), stdout=out)
    return out.getvalue()


def snapshot():
    return (
        list(Village.objects.order_by("code").values_list("code", "boundary", "label_latitude", "label_longitude")),
        list(District.objects.order_by("code").values_list("code", "name", "boundary")),
    )


@pytest.fixture
def kemuning(db):
    return make_village(district=make_district(), name="Kemuning", code="52.07.04.2007")


@pytest.fixture
def tongo(db):
    return make_village(
        district=make_district(),
        name="Tongo",
        code="52.07.04.2003",
        label_latitude=Decimal("-8.999592"),
        label_longitude=Decimal("116.808491"),
    )


def test_it_matches_a_desa_by_code_and_rounds_coordinates(tmp_path, kemuning):
    ring = [[116.761234567, -8.96], [116.78, -8.96], [116.78, -8.94], [116.761234567, -8.96]]
    path = write(tmp_path, feature([ring], level="desa", kode="52.07.04.2007", nama="Nama Lain"))

    output = run(path)

    kemuning.refresh_from_db()
    assert kemuning.boundary == {
        "type": "Polygon",
        "coordinates": [[[116.761235, -8.96], [116.78, -8.96], [116.78, -8.94], [116.761235, -8.96]]],
    }
    assert "Desa Kemuning (52.07.04.2007): batas disimpan." in output


def test_it_matches_a_desa_by_name_ignoring_case(tmp_path, tongo):
    run(write(tmp_path, feature([SQUARE], "MultiPolygon", name=" TONGO ")))

    tongo.refresh_from_db()
    assert tongo.boundary == {"type": "MultiPolygon", "coordinates": [SQUARE]}


def test_it_fills_a_missing_label_point_only(tmp_path, kemuning, tongo):
    inside = {"inside_point_lat": -8.953431, "inside_point_lon": 116.768017}
    run(write(tmp_path, feature(code="52.07.04.2007", **inside), feature(code="52.07.04.2003", **inside)))

    kemuning.refresh_from_db()
    tongo.refresh_from_db()
    assert (kemuning.label_latitude, kemuning.label_longitude) == (Decimal("-8.953431"), Decimal("116.768017"))
    assert (tongo.label_latitude, tongo.label_longitude) == (Decimal("-8.999592"), Decimal("116.808491"))


def test_it_stores_the_kecamatan_outline(tmp_path, kemuning):
    path = write(
        tmp_path,
        feature([SQUARE], "MultiPolygon", level="kecamatan", kode="52.07.04", nama="Sekongkang"),
        feature(kode="52.07.04.2007"),
    )

    output = run(path)

    assert District.objects.get(code="52.07.04").boundary["type"] == "MultiPolygon"
    assert "Kecamatan Sekongkang (52.07.04): batas disimpan." in output


def test_it_matches_a_kecamatan_without_code_by_name(tmp_path, kemuning):
    run(write(tmp_path, feature(level="kecamatan", nama="SEKONGKANG")))

    assert District.objects.get().boundary["type"] == "Polygon"


def test_it_creates_a_missing_kecamatan(tmp_path, db):
    run(write(tmp_path, feature(level="kecamatan", kode="52.07.08", nama="Maluk")))

    district = District.objects.get(code="52.07.08")
    assert district.name == "Maluk" and district.boundary["type"] == "Polygon"


def unclosed(polygon):
    return [polygon[0][:-1] + [[116.77, -8.95]]]


BROKEN_FILES = {
    "not a FeatureCollection": ({"type": "Feature", "geometry": None}, "FeatureCollection"),
    "no features": ({"type": "FeatureCollection", "features": []}, "tidak berisi fitur"),
}

BROKEN_FEATURES = {
    "point geometry": (feature([116.77, -8.95], "Point", kode="52.07.04.2003"), "Polygon atau MultiPolygon"),
    "no geometry": ({"type": "Feature", "properties": {"kode": "52.07.04.2003"}}, "geometri tidak ada"),
    "unclosed ring": (feature(unclosed(SQUARE), kode="52.07.04.2003"), "tidak tertutup"),
    "three positions": (feature([SQUARE[0][:2] + [SQUARE[0][0]]], kode="52.07.04.2003"), "sedikitnya 4 titik"),
    "text coordinate": (feature([[["116.76", -8.96]] * 4], kode="52.07.04.2003"), "bukan pasangan angka"),
    "lat and lon swapped": (
        feature([[[lat, lon] for lon, lat in SQUARE[0]]], kode="52.07.04.2003"),
        "bujur -8.96 di luar wilayah Indonesia",
    ),
    "outside Indonesia": (feature([[[0, 0], [1, 0], [1, 1], [0, 0]]], kode="52.07.04.2003"), "bujur 0 di luar"),
    "bad inside point": (feature(kode="52.07.04.2003", inside_point_lat="-9", inside_point_lon=116.8), "angka"),
    "unknown village": (feature(level="desa", kode="52.07.04.2099", nama="Antah Berantah"), "tidak cocok"),
    "kecamatan without code": (feature(level="kecamatan", nama="Antah"), "cantumkan kode dan nama"),
}


@pytest.mark.parametrize("content, message", BROKEN_FILES.values(), ids=BROKEN_FILES.keys())
def test_a_file_that_is_not_a_feature_collection_is_refused(tmp_path, kemuning, content, message):
    path = tmp_path / "rusak.geojson"
    path.write_text(json.dumps(content))

    with pytest.raises(CommandError, match=message):
        run(path)


@pytest.mark.parametrize("broken, message", BROKEN_FEATURES.values(), ids=BROKEN_FEATURES.keys())
def test_a_broken_feature_after_a_valid_one_saves_nothing(tmp_path, kemuning, tongo, broken, message):
    path = write(tmp_path, feature(level="kecamatan", kode="52.07.04"), feature(kode="52.07.04.2007"), broken)
    before = snapshot()

    with pytest.raises(CommandError, match=message) as error:
        run(path)

    assert "Fitur #3" in str(error.value)
    assert "tidak ada yang disimpan" in str(error.value)
    assert snapshot() == before


def test_the_error_names_the_broken_feature(tmp_path, kemuning, tongo):
    path = write(tmp_path, feature(kode="52.07.04.2007"), feature(unclosed(SQUARE), nama="Tongo"))

    with pytest.raises(CommandError, match=r"Fitur #2 \(Tongo\)"):
        run(path)

    kemuning.refresh_from_db()
    assert kemuning.boundary is None


def test_a_desa_listed_twice_is_refused(tmp_path, kemuning):
    path = write(tmp_path, feature(kode="52.07.04.2007"), feature(nama="kemuning"))

    with pytest.raises(CommandError, match="sudah ada di Fitur #1"):
        run(path)


def test_a_file_that_is_not_json_is_refused(tmp_path, kemuning):
    path = tmp_path / "bukan.geojson"
    path.write_text("{ ini bukan JSON")

    with pytest.raises(CommandError, match="bukan JSON"):
        run(path)


def test_a_missing_file_is_refused(tmp_path, db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        run(tmp_path / "tidak-ada.geojson")


def test_it_imports_the_shared_sekongkang_boundaries(db):
    if SHARED_BOUNDARIES is None:
        pytest.skip("sekongkang-boundaries.geojson not found: no shared data folder next to this checkout")
    call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())

    output = run(SHARED_BOUNDARIES)

    sekongkang = Village.objects.filter(district__code="52.07.04")
    assert sekongkang.count() == 7
    for village in sekongkang:
        assert village.boundary["type"] == "MultiPolygon", village
    assert District.objects.get(code="52.07.04").boundary["type"] == "MultiPolygon"
    assert "8 wilayah diperbarui" in output


@pytest.fixture
def polsek_maluk(db):
    polres = Unit.objects.get(kind=Unit.Kind.POLRES)
    return Unit.objects.create(
        kind=Unit.Kind.POLSEK, parent=polres, code="polsek-maluk", name="Polsek Maluk", area="Maluk"
    )


def test_it_creates_a_new_kecamatan_s_desa_and_attaches_the_kecamatan_to_its_polsek(tmp_path, polsek_maluk):
    inside = {"inside_point_lat": -8.95, "inside_point_lon": 116.77}
    path = write(
        tmp_path,
        feature(level="desa", kode="52.07.08.2002", nama="Benete", kode_kecamatan="52.07.08", **inside),
        feature(level="kecamatan", kode="52.07.08", nama="Maluk"),
        feature(level="kecamatan", kode="52.07.02", nama="Taliwang"),
    )

    output = run(path)

    benete = Village.objects.select_related("district__unit").get(code="52.07.08.2002")
    assert (benete.name, benete.district.code, benete.district.unit) == ("Benete", "52.07.08", polsek_maluk)
    assert (benete.label_latitude, benete.boundary["type"]) == (Decimal("-8.950000"), "Polygon")
    assert District.objects.get(code="52.07.02").unit is None
    attached = output.split("Kecamatan dengan Polsek (1):\n", 1)[1].split("Kecamatan tanpa Polsek (1):\n")
    assert attached[0] == "  Kecamatan Maluk (52.07.08): Polsek Maluk (baru dihubungkan)\n"
    assert attached[1].startswith("  Kecamatan Taliwang (52.07.02)\n")


def test_a_kecamatan_keeps_the_unit_an_admin_gave_it(tmp_path, polsek_maluk):
    other = Unit.objects.create(kind=Unit.Kind.POLSEK, parent=polsek_maluk.parent, code="x", name="Polsek X", area="X")
    make_district(code="52.07.08", name="Maluk", unit=other)

    output = run(write(tmp_path, feature(level="kecamatan", kode="52.07.08", nama="Maluk")))

    assert District.objects.get(code="52.07.08").unit == other
    assert "Kecamatan Maluk (52.07.08): Polsek X (sudah terhubung)" in output


def test_a_new_desa_needs_a_kecamatan_stored_or_in_the_file(tmp_path, db):
    path = write(tmp_path, feature(level="desa", kode="52.07.08.2002", nama="Benete", kode_kecamatan="52.07.08"))

    with pytest.raises(CommandError, match="kecamatan 52.07.08 tidak ada"):
        run(path)

    assert not Village.objects.exists()


def test_a_new_desa_s_code_must_lie_under_its_kecamatan(tmp_path, db):
    path = write(
        tmp_path,
        feature(level="kecamatan", kode="52.07.08", nama="Maluk"),
        feature(level="desa", kode="52.07.01.2002", nama="Belo", kode_kecamatan="52.07.08"),
    )

    with pytest.raises(CommandError, match="tidak berada di bawah kode kecamatan 52.07.08"):
        run(path)


def test_it_imports_all_of_sumbawa_barat_and_attaches_the_demo_s_three_kecamatan(db):
    if KSB_BOUNDARIES is None:
        pytest.skip("sumbawa-barat-boundaries.geojson not found: no shared data folder next to this checkout")
    call_command("seed_demo", "--no-activity", "--force", stdout=StringIO())

    output = run(KSB_BOUNDARIES)

    assert District.objects.count() == 8 and Village.objects.count() == 64
    assert not Village.objects.filter(boundary__isnull=True).exists()
    assert not Village.objects.filter(label_latitude__isnull=True).exists()
    units = dict(District.objects.values_list("name", "unit__name"))
    assert units == {
        "Sekongkang": "Polsek Sekongkang",
        "Maluk": "Polsek Maluk",
        "Jereweh": "Polsek Jereweh",
        "Taliwang": None,
        "Seteluk": None,
        "Brang Rea": None,
        "Poto Tano": None,
        "Brang Ene": None,
    }
    assert "Kecamatan dengan Polsek (3):" in output and "Kecamatan tanpa Polsek (5):" in output
    assert "  Kecamatan Poto Tano (52.07.06)\n" in output
    assert "72 wilayah diperbarui" in output
