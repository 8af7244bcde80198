"""A realistic patrol in Kecamatan Sekongkang for the review, report and press-release tests.

Places and codes follow shared/data/sekongkang-facts.md; residents and their
phone numbers are fictitious (08xx-0000-xxxx).
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from patrols.models import Visit
from sectors.models import Sector

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_topic, make_village, make_visit

WITA = ZoneInfo("Asia/Makassar")

VILLAGES = {
    "Sekongkang Atas": "52.07.04.2001",
    "Sekongkang Bawah": "52.07.04.2002",
    "Tongo": "52.07.04.2003",
    "Ai Kangkung": "52.07.04.2004",
    "Kemuning": "52.07.04.2007",
}

SECTORS = [
    ("Permukiman Dusun Senutuk", Sector.Kind.SETTLEMENT, "Ai Kangkung", "-9.034000", "116.832000"),
    ("TPI Dusun Senutuk", Sector.Kind.PUBLIC_FACILITY, "Ai Kangkung", "-9.037500", "116.830000"),
    ("Rantung Beach Bar & Cottages", Sector.Kind.BUSINESS, "Sekongkang Bawah", "-8.980000", "116.739500"),
    ("Permukiman Kemuning", Sector.Kind.SETTLEMENT, "Kemuning", "-8.953431", "116.768017"),
    ("Gula aren Tongo", Sector.Kind.BUSINESS, "Tongo", "-9.003000", "116.803000"),
    ("Puskesmas Sekongkang", Sector.Kind.PUBLIC_FACILITY, "Sekongkang Atas", "-8.962000", "116.776500"),
]


@dataclass
class Scene:
    villages: dict = field(default_factory=dict)
    sectors: dict = field(default_factory=dict)
    patrols: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    aspirations: list = field(default_factory=list)


def places():
    scene = Scene()
    for name, code in VILLAGES.items():
        scene.villages[name] = make_village(name=name, code=code)
    for name, kind, village, lat, lon in SECTORS:
        scene.sectors[name] = make_sector(
            name=name, kind=kind, village=scene.villages[village], latitude=Decimal(lat), longitude=Decimal(lon)
        )
    return scene


def at(day, hour, minute):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=WITA)


def patrol_in_ai_kangkung(scene, leader, member, day):
    """An afternoon patrol: Ai Kangkung and the beach at Rantung, five things raised by residents."""
    patrol = make_patrol(leader, started_at=at(day, 14, 35), ended_at=at(day, 17, 30))
    patrol.members.set([leader, member])
    scene.patrols.append(patrol)
    narkoba, ternak = make_topic("Narkoba"), make_topic("Pencurian ternak")
    judi, hoaks = make_topic("Judi online"), make_topic("Hoaks dan provokasi")
    security, roads = make_category("Keamanan lingkungan"), make_category("Lalu lintas & jalan")
    drugs, tourism = make_category("Narkoba & miras"), make_category("Pariwisata & pantai")

    senutuk = make_visit(
        patrol,
        sector=scene.sectors["Permukiman Dusun Senutuk"],
        visited_at=at(day, 14, 50),
        people_met=12,
        summary="Dialog dengan warga dan ketua RT di rumah kepala dusun.",
    )
    senutuk.appeals.set([narkoba, ternak])
    tpi = make_visit(
        patrol,
        officer=member,
        sector=scene.sectors["TPI Dusun Senutuk"],
        visited_at=at(day, 15, 30),
        people_met=8,
        summary="Dialog dengan nelayan di tempat pelelangan ikan.",
    )
    tpi.appeals.set([narkoba, judi])
    rantung = make_visit(
        patrol,
        sector=scene.sectors["Rantung Beach Bar & Cottages"],
        visited_at=at(day, 16, 40),
        people_met=5,
        summary="Sambang pengelola penginapan dan peselancar.",
    )
    rantung.appeals.set([hoaks])
    scene.visits += [senutuk, tpi, rantung]
    scene.aspirations += [
        make_aspiration(
            senutuk,
            kind="keluhan",
            category=security,
            urgency="tinggi",
            description="Dua ekor sapi warga hilang dari kandang kolektif pekan lalu.",
            resident_name="Siti Aminah",
            resident_phone="0812-0000-1234",
            created_at=at(day, 14, 55),
        ),
        make_aspiration(
            senutuk,
            kind="aspirasi",
            category=roads,
            description="Jalan menuju TPI berlubang dan gelap pada malam hari.",
            resident_name="Ahmad Yani",
            resident_phone="081300005678",
            created_at=at(day, 15, 5),
        ),
        make_aspiration(
            senutuk,
            kind="aspirasi",
            category=security,
            description="Warga meminta ronda malam dihidupkan lagi di kandang kolektif.",
            created_at=at(day, 15, 10),
        ),
        make_aspiration(
            tpi,
            kind="masukan",
            category=drugs,
            description="Ada pemuda yang sering berkumpul minum tuak di dekat dermaga.",
            is_anonymous=True,
            created_at=at(day, 15, 40),
        ),
        make_aspiration(
            rantung,
            kind="informasi",
            category=tourism,
            description="Arus balik kuat di Pantai Rantung saat sore; perlu papan peringatan.",
            created_at=at(day, 16, 50),
        ),
    ]
    return patrol


def patrol_in_kemuning(scene, leader, day):
    """A morning patrol two days later with an early warning."""
    patrol = make_patrol(leader, started_at=at(day, 9, 10), ended_at=at(day, 11, 0))
    scene.patrols.append(patrol)
    visit = make_visit(
        patrol,
        sector=scene.sectors["Permukiman Kemuning"],
        visited_at=at(day, 9, 30),
        people_met=6,
        situation=Visit.Situation.WASPADA,
        early_warning=True,
        early_warning_note="Ketegangan antarpemuda dua dusun soal batas lahan garapan.",
        summary="Dialog dengan tokoh pemuda dan kepala dusun.",
    )
    visit.appeals.set([make_topic("Konflik sosial")])
    scene.visits.append(visit)
    scene.aspirations.append(
        make_aspiration(
            visit,
            kind="aspirasi",
            category=make_category("Konflik sosial / sengketa"),
            urgency="mendesak",
            description="Warga meminta mediasi Tiga Pilar sebelum masalah batas lahan memanas.",
            created_at=at(day, 9, 45),
        )
    )
    return patrol


def sekongkang_week(officer, other_officer, tuesday):
    """Both patrols of a week: Tuesday in Ai Kangkung, Thursday in Kemuning."""
    scene = places()
    patrol_in_ai_kangkung(scene, officer, other_officer, tuesday)
    patrol_in_kemuning(scene, other_officer, tuesday + timedelta(days=2))
    return scene
