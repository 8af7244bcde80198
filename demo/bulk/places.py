"""The eight kecamatan of Kabupaten Sumbawa Barat, with their desa, sectors and police.

Sekongkang, Maluk and Jereweh keep the real desa, places and Polsek of seed_demo. The other kecamatan
get desa named after the kecamatan ("Taliwang 03") at plausible points, so nobody mistakes them for
real ones, and a Polsek each under seed_demo's Polres (one Polsek per kecamatan, as Polri usually has).
Everything is created only where missing: a second run reuses the places and accounts.
"""

import math
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Role, Unit, User
from demo import data as demo_data
from demo.seed import seed_places, seed_vocabulary
from sectors.models import District, Sector, Village

# Kabupaten Sumbawa Barat's extent: generated points stay inside it.
LATITUDES = (-9.11, -8.45)
LONGITUDES = (116.70, 117.10)
# Desa lie within this many degrees of their kecamatan's centre, places within this of their desa.
VILLAGE_SPREAD = 0.05
SECTOR_SPREAD = 0.012

HOME_CODE = "52.07.04"
POLRES_CODE = demo_data.POLRES


@dataclass(frozen=True)
class DistrictSpec:
    code: str
    name: str
    centre: tuple
    villages: int


DISTRICTS = [
    DistrictSpec("52.07.01", "Jereweh", (-8.87, 116.84), 4),
    DistrictSpec("52.07.02", "Taliwang", (-8.73, 116.87), 15),
    DistrictSpec("52.07.03", "Seteluk", (-8.62, 116.92), 10),
    DistrictSpec(HOME_CODE, "Sekongkang", (-9.00, 116.83), 7),
    DistrictSpec("52.07.05", "Brang Rea", (-8.79, 116.98), 9),
    DistrictSpec("52.07.06", "Poto Tano", (-8.55, 116.84), 8),
    DistrictSpec("52.07.07", "Brang Ene", (-8.84, 116.95), 6),
    DistrictSpec("52.07.08", "Maluk", (-8.89, 116.77), 5),
]

KIND_WEIGHTS = {Sector.Kind.SETTLEMENT: 50, Sector.Kind.BUSINESS: 25, Sector.Kind.PUBLIC_FACILITY: 25}
DUSUN = ("Induk", "Barat", "Timur", "Utara", "Selatan", "Tengah", "Pantai", "Bukit")
PLACE_TYPES = {
    Sector.Kind.BUSINESS: (
        "Pasar Desa", "Toko Kelontong", "Warung Makan", "Bengkel Motor", "Penginapan", "Kios BBM Eceran",
        "Koperasi Tani", "Tambak Udang", "Sentra Kerajinan",
    ),
    Sector.Kind.PUBLIC_FACILITY: (
        "Kantor Desa", "Masjid", "SD Negeri", "Posyandu", "Poskamling", "Lapangan", "Puskesmas Pembantu", "Pura",
    ),
}

FIRST_NAMES = (
    "Ahmad", "Lalu", "I Made", "Syaiful", "Baiq", "Rahmat", "Hendra", "Ni Luh", "Zainal", "Fitriani", "Agus",
    "Muhammad", "Sri", "Dedi", "Nurul", "Arif",
)
LAST_NAMES = (
    "Hidayat", "Saputra", "Wirawan", "Maulana", "Rahman", "Kurniawan", "Fadli", "Anwar", "Pratama", "Susanti",
    "Haris", "Ramdani", "Sahabuddin", "Jaelani", "Muttaqin", "Yuliani",
)
OFFICER_RANKS = ("Bripda", "Briptu", "Brigpol", "Bripka", "Aipda", "Aiptu")


@dataclass(frozen=True)
class Place:
    """What the generator needs of a sector, without a model instance per visit."""

    id: int
    kind: str
    name: str
    village: str
    latitude: Decimal | None
    longitude: Decimal | None


@dataclass
class Area:
    """One kecamatan: its Polsek's id, its places and the ids of its officers and reviewers."""

    name: str
    unit: int
    places: list
    officers: list
    reviewers: list


def prepare_areas(rng, *, sectors, officers):
    """The eight kecamatan with at least `sectors` places and `officers` officers between them."""
    seed_places()
    seed_vocabulary()
    districts = {}
    for spec in DISTRICTS:
        districts[spec.code], _ = District.objects.get_or_create(code=spec.code, defaults={"name": spec.name})
        if spec.code != HOME_CODE:
            ensure_polsek(spec, districts[spec.code])
            ensure_villages(rng, spec, districts[spec.code])
    villages = {code: list(district.villages.order_by("code")) for code, district in districts.items()}
    village_total = sum(len(desa) for desa in villages.values())
    for code, desa in villages.items():
        ensure_sectors(rng, desa, math.ceil(sectors * len(desa) / village_total))
    staff = ensure_staff(rng, districts, officers, {code: len(desa) / village_total for code, desa in villages.items()})
    return [
        Area(
            name=districts[spec.code].name,
            unit=districts[spec.code].unit_id,
            places=places_of(villages[spec.code]),
            **staff[spec.code],
        )
        for spec in DISTRICTS
    ]


def ensure_polsek(spec, district):
    """Polsek <kecamatan> under seed_demo's Polres, covering the district unless it is covered already."""
    if district.unit_id is not None:
        return
    polres = Unit.objects.get(code=POLRES_CODE)
    district.unit, _ = Unit.objects.get_or_create(
        code=f"polsek-{slug(spec.name)}",
        defaults={"kind": Unit.Kind.POLSEK, "parent": polres, "name": f"Polsek {spec.name}", "area": spec.name},
    )
    district.save(update_fields=["unit"])


def ensure_villages(rng, spec, district):
    if district.villages.exists():
        return
    for number in range(1, spec.villages + 1):
        latitude = clamp(spec.centre[0] + rng.uniform(-VILLAGE_SPREAD, VILLAGE_SPREAD), LATITUDES)
        longitude = clamp(spec.centre[1] + rng.uniform(-VILLAGE_SPREAD, VILLAGE_SPREAD), LONGITUDES)
        Village.objects.get_or_create(
            code=f"{spec.code}.{2000 + number}",
            defaults={
                "district": district,
                "name": f"{spec.name} {number:02d}",
                "label_latitude": coordinate(latitude),
                "label_longitude": coordinate(longitude),
            },
        )


def ensure_sectors(rng, villages, target):
    existing = Sector.objects.filter(village__in=villages)
    taken = {(village_id, name) for village_id, name in existing.values_list("village_id", "name")}
    new = []
    for _ in range(target - len(taken)):
        village = rng.choice(villages)
        kind = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()))[0]
        if kind == Sector.Kind.SETTLEMENT:
            name = f"Dusun {rng.choice(DUSUN)}, RT {rng.randint(1, 9):03d}"
        else:
            name = f"{rng.choice(PLACE_TYPES[kind])} {village.name}"
        name = unique_name(name, village.pk, taken)
        taken.add((village.pk, name))
        latitude = clamp(float(village.label_latitude) + rng.uniform(-SECTOR_SPREAD, SECTOR_SPREAD), LATITUDES)
        longitude = clamp(float(village.label_longitude) + rng.uniform(-SECTOR_SPREAD, SECTOR_SPREAD), LONGITUDES)
        new.append(
            Sector(
                village=village,
                name=name,
                kind=kind,
                address=name if kind == Sector.Kind.SETTLEMENT else "",
                latitude=coordinate(latitude),
                longitude=coordinate(longitude),
            )
        )
    Sector.objects.bulk_create(new)


def unique_name(name, village_id, taken):
    candidate, number = name, 2
    while (village_id, candidate) in taken:
        candidate, number = f"{name} ({number})", number + 1
    return candidate


def ensure_staff(rng, districts, officers, shares):
    """Officers and reviewers per kecamatan code, as user ids, by the Polsek they serve in.

    Accounts of no Polsek (the Polres's, the superuser's) count as the home Polsek's, Sekongkang's.
    """
    groups = {group.name: group for group in Group.objects.filter(name__in=[Role.PETUGAS, Role.HUMAS])}
    prefixes = {code: slug(district.name) + "." for code, district in districts.items()}
    new_users, memberships = [], []
    for code, district in districts.items():
        wanted = math.ceil(officers * shares[code])
        accounts = [(f"{prefixes[code]}petugas{n:02d}", Role.PETUGAS, "Bhabinkamtibmas") for n in range(1, wanted + 1)]
        accounts.append((f"{prefixes[code]}humas", Role.HUMAS, "Kasi Humas"))
        for username, role, position in accounts:
            user = new_account(rng, username, role, f"{position} Polsek {district.name}")
            user.unit_id = district.unit_id
            new_users.append(user)
    existing = set(User.objects.filter(username__in=[u.username for u in new_users]).values_list("username", flat=True))
    new_users = [user for user in new_users if user.username not in existing]
    User.objects.bulk_create(new_users)
    created = User.objects.filter(username__in=[user.username for user in new_users]).in_bulk(field_name="username")
    for user in new_users:
        memberships.append(User.groups.through(user_id=created[user.username].pk, group_id=groups[user.role].pk))
    User.groups.through.objects.bulk_create(memberships)

    staff = {code: {"officers": [], "reviewers": []} for code in districts}
    codes = {district.unit_id: code for code, district in districts.items()}
    for role, key in ((Role.PETUGAS, "officers"), (Role.HUMAS, "reviewers")):
        users = User.objects.filter(groups__name=role, is_active=True).order_by("pk")
        for user_id, unit_id in users.values_list("pk", "unit_id"):
            staff[codes.get(unit_id, HOME_CODE)][key].append(user_id)
    return staff


def new_account(rng, username, role, position):
    user = User(
        username=username,
        password=make_password(None),
        first_name=rng.choice(FIRST_NAMES),
        last_name=rng.choice(LAST_NAMES),
        rank=rng.choice(OFFICER_RANKS) if role == Role.PETUGAS else "Ipda",
        nrp=f"{rng.randint(75, 99)}{rng.randint(0, 999_999):06d}",
        position=position,
    )
    user.role = role
    return user


def places_of(villages):
    sectors = Sector.objects.active().filter(village__in=villages).select_related("village").order_by("pk")
    return [Place(s.pk, s.kind, s.name, s.village.name, s.latitude, s.longitude) for s in sectors]


def slug(name):
    return name.lower().replace(" ", "")


def clamp(value, bounds):
    return min(max(value, bounds[0]), bounds[1])


def coordinate(value):
    return Decimal(f"{value:.6f}")
