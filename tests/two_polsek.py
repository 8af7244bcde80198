"""A Polres with two Polsek, Kuranji (A) and Batulanteh (B): each a kecamatan, a desa, sectors, an officer,
a Humas, a patrol with a visit and aspirations, every name carrying its Polsek's word so that a page
leaking the other Polsek's data shows it. Built once per module (see module_db)."""

from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.test import Client
from django.utils import timezone

from accounts.models import Role, Unit
from patrols.models import Aspiration, AspirationUpdate

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_user, make_visit
from .factories import default_polsek, make_district, make_village

# The word in every name of each Polsek's data: neither occurs anywhere else in the project.
WORDS = {"a": "Kuranji", "b": "Batulanteh"}


@dataclass
class Polsek:
    unit: Unit
    word: str
    district: object = None
    village: object = None
    sectors: list = field(default_factory=list)
    officer: object = None
    humas: object = None
    visit: object = None
    aspirations: list = field(default_factory=list)


@dataclass
class TwoPolsek:
    polres: Unit
    polres_humas: object
    a: Polsek
    b: Polsek
    sessions: dict = field(default_factory=dict)

    def client(self, user):
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[user.pk]
        return client


def build_polsek(polres, key, n):
    word = WORDS[key]
    unit = Unit.objects.create(name=f"Polsek {word}", kind=Unit.Kind.POLSEK, parent=polres, code=f"uji-{key}", area=word)
    polsek = Polsek(unit=unit, word=word)
    polsek.district = make_district(code=f"52.07.9{n}", name=f"Kec {word}", unit=unit)
    latitude, longitude = Decimal("-8.9") - Decimal(n) / 10, Decimal("116.7") + Decimal(n) / 10
    polsek.village = make_village(
        district=polsek.district,
        name=f"Desa {word}",
        code=f"52.07.9{n}.2001",
        label_latitude=latitude,
        label_longitude=longitude,
    )
    for name in (f"Pos Ronda {word}", f"Gudang Sepi {word}"):
        polsek.sectors.append(
            make_sector(village=polsek.village, name=name, latitude=latitude, longitude=longitude)
        )
    polsek.officer = make_user(f"petugas.{key}", Role.PETUGAS, first_name="Made", last_name=f"Petugas{word}", unit=unit)
    polsek.humas = make_user(f"humas.{key}", Role.HUMAS, first_name="Lalu", last_name=f"Humas{word}", unit=unit)
    patrol = make_patrol(polsek.officer)
    polsek.visit = make_visit(
        patrol,
        sector=polsek.sectors[0],
        summary=f"Dialog di {word}.",
        latitude=latitude,
        longitude=longitude,
        early_warning=True,
        early_warning_note=f"Potensi konflik {word}.",
        visited_at=timezone.now() - timedelta(hours=1),
    )
    # Categories are the same for every unit: no word of a Polsek in them.
    category = make_category()
    polsek.aspirations = [
        make_aspiration(
            polsek.visit,
            category=category,
            description=f"Lampu jalan {word} padam nomor {i}.",
            resident_name=f"Warga {word}",
            resident_phone=f"08123{n}00000{i}",
        )
        for i in range(n + 1)
    ]
    forwarded = polsek.aspirations[0]
    forwarded.status, forwarded.forwarded_to = Aspiration.Status.DITERUSKAN, f"Dinas {word}"
    forwarded.save()
    AspirationUpdate.objects.create(aspiration=forwarded, author=polsek.humas, note=f"Diteruskan ke Dinas {word}.")
    return polsek


def build_two_polsek():
    polres = Unit.objects.create(
        name="Polres Uji", kind=Unit.Kind.POLRES, parent=default_polsek().parent.parent, code="uji-polres", area="Uji"
    )
    # B has one aspiration more than A: counts tell them apart too.
    world = TwoPolsek(
        polres=polres,
        polres_humas=make_user("humas.polres", Role.HUMAS, first_name="Kasi", last_name="HumasPolres", unit=polres),
        a=build_polsek(polres, "a", 1),
        b=build_polsek(polres, "b", 2),
    )
    for user in (world.polres_humas, world.a.humas, world.a.officer, world.b.humas, world.b.officer):
        client = Client()
        client.force_login(user)
        world.sessions[user.pk] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return world
