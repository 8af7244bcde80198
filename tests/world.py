"""One of everything, built once per module (see module_db), for the tests that walk every URL
or send every form bad input: the personas, already logged in, and the objects they own."""

from dataclasses import dataclass, field

from django.conf import settings
from django.test import Client

from accounts.models import Role
from patrols.models import Agency, AspirationUpdate, ContactChannel, VisitPhoto

from .factories import (
    PASSWORD,
    make_aspiration,
    make_category,
    make_jpeg,
    make_patrol,
    make_sector,
    make_topic,
    make_user,
    make_visit,
    make_warning,
)

# The code the world's aspiration was given, for /cek/<code>/.
RESIDENT_CODE = "K7QFM2XP"
# The owner leads the patrol and filed its visit; the other officer has nothing to do with either.
PERSONAS = ("anonymous", "owner", "other_officer", "humas", "admin")


@dataclass
class World:
    users: dict
    sessions: dict = field(default_factory=dict)

    def client(self, persona, **options):
        client = Client(**options)
        if persona != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[persona]
        return client

    def place_photo(self, media_root):
        """Put the photo's file where this test's MEDIA_ROOT expects it."""
        path = media_root / self.photo.image.name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(make_jpeg(64, 48))


def build_world():
    users = {
        "owner": make_user("bripka.pemilik", Role.PETUGAS, first_name="Made", last_name="Pemilik", rank="Bripka"),
        "other_officer": make_user("brigpol.lain", Role.PETUGAS, first_name="Putu", last_name="Lain"),
        "humas": make_user("iptu.humas.uji", Role.HUMAS, first_name="Lalu", last_name="Humas", rank="Iptu"),
        "admin": make_user("admin.uji", Role.ADMIN, first_name="Nyoman", last_name="Admin"),
    }
    world = World(users=users)
    world.sector = make_sector(name="Pos Ronda Tongo")
    world.village = world.sector.village
    world.topic, world.category = make_topic(), make_category()
    world.patrol = make_patrol(users["owner"])
    world.visit = make_visit(world.patrol, sector=world.sector)
    world.visit.appeals.set([world.topic])
    world.aspiration = make_aspiration(
        world.visit,
        resident_name="Siti Aminah",
        resident_phone="081234567890",
        contact_consent=True,
        contact_channel=ContactChannel.WHATSAPP,
        assignee=users["owner"],
        code=RESIDENT_CODE,
    )
    world.agency = Agency.objects.create(name="Dinas PUPR", aliases="Dinas PUPR KSB")
    world.update = AspirationUpdate.objects.create(
        aspiration=world.aspiration, author=users["humas"], note="Dicek ke lokasi."
    )
    # Raised by the owner at another stop of the same patrol.
    world.warning = make_warning(world.patrol, sector=world.sector)
    # The file itself goes into each test's own MEDIA_ROOT (place_photo); the size is known already.
    world.photo = VisitPhoto.objects.create(visit=world.visit, image="visits/uji/foto.jpg", width=64, height=48)
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        world.sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    # A failed login fills django-axes' lists of attempts and failures.
    Client().post("/accounts/login/", {"username": users["owner"].username, "password": PASSWORD + "-salah"})
    return world
