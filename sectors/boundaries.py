"""Import desa and kecamatan boundaries from a GeoJSON FeatureCollection.

Every feature is checked before anything is written: a file with one bad feature imports nothing.
A kecamatan or desa not yet stored is created when the feature gives its code and name (a desa also
its kecamatan's code); each kecamatan without a Polsek is then given the Polsek named after it.
"""

import json
import math
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Unit

from .models import LATITUDE_RANGE, LONGITUDE_RANGE, District, Village

GEOMETRY_TYPES = ("Polygon", "MultiPolygon")
DECIMALS = 6


class BoundaryError(Exception):
    """The file cannot be imported; the message says why, in Indonesian."""


@dataclass
class Match:
    """Where one feature's geometry goes, and the label point it brings along."""

    label: str
    geometry: dict
    village: Village | None = None
    district: District | None = None
    new_district: dict | None = None
    new_village: dict | None = None
    label_point: tuple | None = None


def read_feature_collection(path):
    try:
        with open(path, encoding="utf-8") as file:
            data = json.load(file)
    except FileNotFoundError:
        raise BoundaryError(f"Berkas {path} tidak ditemukan.") from None
    except IsADirectoryError:
        raise BoundaryError(f"{path} adalah folder, bukan berkas GeoJSON.") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BoundaryError(f"Berkas {path} bukan JSON yang sah: {error}") from None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError("Berkas harus berisi GeoJSON FeatureCollection.")
    features = data.get("features")
    if not isinstance(features, list) or not features:
        raise BoundaryError("FeatureCollection tidak berisi fitur.")
    return features


@dataclass
class Imported:
    """One line per feature stored, and how the kecamatan stand with their Polsek afterwards."""

    lines: list
    attached: list
    unattached: list


@transaction.atomic
def import_boundaries(path):
    """Store the boundaries of a GeoJSON file, then give each kecamatan without a Polsek the one named after it."""
    lines = apply_import(plan_import(read_feature_collection(path)))
    attached, unattached = attach_districts()
    return Imported(lines=lines, attached=attached, unattached=unattached)


def attach_districts():
    """(attached, unattached) kecamatan: a kecamatan without a unit goes to the Polsek whose area or name is the
    kecamatan's ("Maluk", "Polsek Maluk"); the attached list holds (district, polsek, newly attached)."""
    polsek = list(Unit.objects.filter(kind=Unit.Kind.POLSEK))
    attached, unattached = [], []
    for district in District.objects.select_related("unit").order_by("code"):
        if district.unit_id is not None:
            attached.append((district, district.unit, False))
            continue
        name = district.name.strip().casefold()
        found = [u for u in polsek if name in (u.area.strip().casefold(), u.name.casefold().removeprefix("polsek "))]
        if len(found) == 1:
            district.unit = found[0]
            district.save(update_fields=["unit"])
            attached.append((district, found[0], True))
        else:
            unattached.append(district)
    return attached, unattached


def plan_import(features):
    """Match and validate every feature; raise BoundaryError on the first problem."""
    villages = list(Village.objects.all())
    districts = list(District.objects.all())
    matches = []
    for number, feature in enumerate(features, start=1):
        label = feature_label(number, feature)
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            raise BoundaryError(f"{label}: bukan objek Feature GeoJSON.")
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise BoundaryError(f"{label}: properties harus berupa objek.")
        match = Match(label=label, geometry=clean_geometry(feature.get("geometry"), label=label))
        find_target(match, properties=properties, villages=villages, districts=districts)
        if match.village or match.new_village:
            match.label_point = label_point(properties, label=label)
        matches.append(match)
    check_no_duplicates(matches)
    check_new_villages_have_a_district(matches, districts)
    return matches


def check_new_villages_have_a_district(matches, districts):
    known = {d.code for d in districts} | {m.new_district["code"] for m in matches if m.new_district}
    for match in matches:
        if match.new_village and match.new_village["district_code"] not in known:
            raise BoundaryError(
                f"{match.label}: kecamatan {match.new_village['district_code']} tidak ada di basis data "
                "maupun di berkas ini."
            )


def apply_import(matches):
    lines = []
    # Kecamatan first: a new desa may belong to a kecamatan the same file creates.
    for match in sorted(matches, key=lambda match: match.village is not None or match.new_village is not None):
        if match.new_village:
            village = match.new_village
            district = District.objects.get(code=village.pop("district_code"))
            latitude, longitude = match.label_point or (None, None)
            match.village = Village.objects.create(
                **village,
                district=district,
                boundary=match.geometry,
                label_latitude=latitude,
                label_longitude=longitude,
            )
            lines.append(f"Desa {match.village} ({match.village.code}), {district}: desa dibuat, batas disimpan.")
            continue
        if match.new_district:
            match.district = District.objects.create(**match.new_district, boundary=match.geometry)
            lines.append(f"{match.district} ({match.district.code}): kecamatan dibuat, batas disimpan.")
            continue
        target = match.village or match.district
        target.boundary = match.geometry
        fields = ["boundary"]
        extra = ""
        if match.village and match.label_point and match.village.label_latitude is None:
            target.label_latitude, target.label_longitude = match.label_point
            fields += ["label_latitude", "label_longitude"]
            extra = " Titik label diisi."
        target.save(update_fields=fields)
        name = f"Desa {target}" if match.village else str(target)
        lines.append(f"{name} ({target.code}): batas disimpan.{extra}")
    return lines


def feature_label(number, feature):
    properties = feature.get("properties") if isinstance(feature, dict) else None
    if not isinstance(properties, dict):
        return f"Fitur #{number}"
    names = [v for v in (first_of(properties, "nama", "name"), first_of(properties, "kode", "code")) if v]
    return f"Fitur #{number} ({', '.join(names)})" if names else f"Fitur #{number}"


def first_of(properties, *keys):
    for key in keys:
        value = properties.get(key)
        if value not in (None, ""):
            return str(value).strip()
    return ""


def find_target(match, *, properties, villages, districts):
    level = first_of(properties, "level").lower()
    code = first_of(properties, "kode", "code")
    name = first_of(properties, "nama", "name")
    district = next((d for d in districts if d.code == code), None) if code else None
    if level == "kecamatan" or (district and level != "desa"):
        # A code that matches no kecamatan names a new one, even if its name is taken.
        match.district = district if code else find_by_name(districts, name, label=match.label, what="kecamatan")
        if match.district is None:
            match.new_district = new_district(code=code, name=name, label=match.label)
        return
    match.village = next((v for v in villages if v.code == code), None) if code else None
    if match.village is None and not code:
        match.village = find_by_name(villages, name, label=match.label, what="desa")
    district_code = first_of(properties, "kode_kecamatan")
    if match.village is None and code and name and district_code:
        match.new_village = new_village(code=code, name=name, district_code=district_code, label=match.label)
    elif match.village is None:
        raise BoundaryError(f"{match.label}: tidak cocok dengan desa mana pun (periksa kode atau nama desa).")


def find_by_name(candidates, name, *, label, what):
    if not name:
        return None
    found = [c for c in candidates if c.name.strip().casefold() == name.casefold()]
    if len(found) > 1:
        raise BoundaryError(f"{label}: nama {what} \"{name}\" dipakai lebih dari satu {what}; cantumkan kodenya.")
    return found[0] if found else None


def new_district(*, code, name, label):
    if not code or not name:
        raise BoundaryError(f"{label}: kecamatan belum ada; cantumkan kode dan nama agar dapat dibuat.")
    try:
        District._meta.get_field("code").run_validators(code)
    except ValidationError:
        raise BoundaryError(f"{label}: kode kecamatan \"{code}\" tidak sesuai format 52.07.04.") from None
    return {"code": code, "name": name}


def new_village(*, code, name, district_code, label):
    try:
        Village._meta.get_field("code").run_validators(code)
    except ValidationError:
        raise BoundaryError(f"{label}: kode desa \"{code}\" tidak sesuai format 52.07.04.2001.") from None
    if not code.startswith(district_code + "."):
        raise BoundaryError(f"{label}: kode desa {code} tidak berada di bawah kode kecamatan {district_code}.")
    return {"code": code, "name": name, "district_code": district_code}


def check_no_duplicates(matches):
    seen = {}
    for match in matches:
        if match.village or match.new_village:
            key = ("desa", match.new_village["code"] if match.new_village else match.village.code)
        else:
            key = ("kecamatan", match.district.code if match.district else match.new_district["code"])
        if key in seen:
            raise BoundaryError(f"{match.label}: wilayah yang sama sudah ada di {seen[key]}.")
        seen[key] = match.label


def clean_geometry(geometry, *, label):
    """The geometry with lon/lat rounded to 6 decimals, or BoundaryError saying what is wrong."""
    if not isinstance(geometry, dict):
        raise BoundaryError(f"{label}: geometri tidak ada.")
    kind = geometry.get("type")
    if kind not in GEOMETRY_TYPES:
        raise BoundaryError(f"{label}: jenis geometri {kind!r} tidak didukung; gunakan Polygon atau MultiPolygon.")
    coordinates = geometry.get("coordinates")
    if kind == "Polygon":
        return {"type": kind, "coordinates": clean_polygon(coordinates, label=label)}
    if not isinstance(coordinates, list) or not coordinates:
        raise BoundaryError(f"{label}: MultiPolygon harus berisi daftar poligon.")
    return {"type": kind, "coordinates": [clean_polygon(polygon, label=label) for polygon in coordinates]}


def clean_polygon(rings, *, label):
    if not isinstance(rings, list) or not rings:
        raise BoundaryError(f"{label}: poligon harus berisi daftar cincin (ring).")
    return [clean_ring(ring, label=label) for ring in rings]


def clean_ring(ring, *, label):
    if not isinstance(ring, list) or len(ring) < 4:
        raise BoundaryError(f"{label}: setiap cincin poligon perlu sedikitnya 4 titik.")
    positions = [clean_position(position, label=label) for position in ring]
    if positions[0] != positions[-1]:
        raise BoundaryError(f"{label}: cincin poligon tidak tertutup (titik pertama dan terakhir berbeda).")
    return positions


def clean_position(position, *, label):
    """[lon, lat] rounded; an altitude, if given, is dropped."""
    if (
        not isinstance(position, list)
        or len(position) not in (2, 3)
        or not all(is_number(value) for value in position)
    ):
        raise BoundaryError(f"{label}: koordinat {position!r} bukan pasangan angka [bujur, lintang].")
    lon, lat = position[0], position[1]
    check_in_indonesia(lat, lon, label=label)
    return [round(float(lon), DECIMALS), round(float(lat), DECIMALS)]


def label_point(properties, *, label):
    """The feature's inside point (inside_point_lat/lon), if it gives one."""
    lat, lon = properties.get("inside_point_lat"), properties.get("inside_point_lon")
    if lat is None and lon is None:
        return None
    if not (is_number(lat) and is_number(lon)):
        raise BoundaryError(f"{label}: inside_point_lat dan inside_point_lon harus berupa angka.")
    check_in_indonesia(lat, lon, label=label)
    return Decimal(f"{lat:.{DECIMALS}f}"), Decimal(f"{lon:.{DECIMALS}f}")


def check_in_indonesia(lat, lon, *, label):
    if not LONGITUDE_RANGE[0] <= Decimal(str(lon)) <= LONGITUDE_RANGE[1]:
        raise BoundaryError(
            f"{label}: bujur {lon} di luar wilayah Indonesia ({LONGITUDE_RANGE[0]}..{LONGITUDE_RANGE[1]}); "
            "urutan GeoJSON adalah [bujur, lintang]."
        )
    if not LATITUDE_RANGE[0] <= Decimal(str(lat)) <= LATITUDE_RANGE[1]:
        raise BoundaryError(
            f"{label}: lintang {lat} di luar wilayah Indonesia ({LATITUDE_RANGE[0]}..{LATITUDE_RANGE[1]})."
        )


def is_number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)
