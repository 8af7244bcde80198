"""Small builders for test data; each fills in what a test does not care about."""

import io
import importlib
import itertools
from decimal import Decimal

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from accounts.models import Role, User
from early_warnings.services import raise_warning
from patrols.models import AppealTopic, Aspiration, AspirationCategory, Patrol, Visit, VisitPhoto
from sectors.models import District, Sector, Village

_seq = itertools.count(1)

PASSWORD = "Sekongkang-uji-2026"
# The header the phone's outbox sends with every post: it asks for JSON answers.
ASKS_FOR_JSON = {"HTTP_ACCEPT": "application/json"}


def ensure_role_groups():
    """Transactional tests flush every table, and with it the groups the data migration made."""
    if Group.objects.filter(name__in=Role.values).count() < len(Role.values):
        roles = importlib.import_module("accounts.migrations.0002_roles")
        roles.assign_role_permissions(Group, Permission)
        importlib.import_module("patrols.migrations.0008_loop_data").grant_permissions(Group, Permission)
        warnings = importlib.import_module("early_warnings.migrations.0002_roles_and_stored_warnings")
        warnings.assign_role_permissions(Group, Permission)


def make_user(username, *roles, **fields):
    if roles:
        ensure_role_groups()
    user = User.objects.create_user(username=username, password=PASSWORD, **fields)
    if roles:
        user.groups.set(Group.objects.filter(name__in=roles))
    if Role.ADMIN in roles:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    return user


def make_district(**fields):
    fields.setdefault("code", "52.07.04")
    fields.setdefault("name", "Sekongkang")
    district, _ = District.objects.get_or_create(code=fields.pop("code"), defaults=fields)
    return district


def make_village(**fields):
    n = next(_seq)
    fields.setdefault("district", make_district())
    fields.setdefault("name", f"Desa {n}")
    # Four digits after the kecamatan's, as the column allows: the whole suite makes more than a thousand
    # desa, so the number wraps within 9000–9999, clear of Sekongkang's real codes.
    fields.setdefault("code", f"52.07.04.{9000 + n % 1000}")
    return Village.objects.create(**fields)


def make_sector(**fields):
    n = next(_seq)
    fields.setdefault("village", fields.get("village") or make_village())
    fields.setdefault("name", f"Sektor {n}")
    fields.setdefault("kind", Sector.Kind.SETTLEMENT)
    fields.setdefault("latitude", Decimal("-8.991163"))
    fields.setdefault("longitude", Decimal("116.743236"))
    return Sector.objects.create(**fields)


def make_patrol(leader, **fields):
    return Patrol.objects.create(leader=leader, **fields)


def make_visit(patrol=None, officer=None, **fields):
    officer = officer or patrol.leader
    patrol = patrol or make_patrol(officer)
    fields.setdefault("sector", fields.get("sector") or make_sector())
    fields.setdefault("summary", "Dialog dengan warga, situasi kondusif.")
    fields.setdefault("visited_at", timezone.now())
    return Visit.objects.create(patrol=patrol, officer=officer, **fields)


def make_warning(patrol=None, officer=None, note="Ketegangan antarpemuda dua dusun setelah laga sepak bola.", **fields):
    """A visit filed with the early-warning flag, and the warning it raised."""
    visit = make_visit(patrol, officer, early_warning=True, early_warning_note=note, **fields)
    return raise_warning(visit=visit)


def make_category(name="Keamanan lingkungan"):
    category, _ = AspirationCategory.objects.get_or_create(name=name)
    return category


def make_topic(name="Narkoba"):
    topic, _ = AppealTopic.objects.get_or_create(name=name)
    return topic


def make_aspiration(visit, **fields):
    fields.setdefault("category", make_category())
    fields.setdefault("description", "Warga meminta patroli malam ditingkatkan.")
    return Aspiration.objects.create(visit=visit, **fields)


def make_jpeg(width=640, height=480, exif=None, image_format="JPEG"):
    """Bytes of a small picture, optionally with EXIF (e.g. a GPS position)."""
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", (width, height), (40, 120, 200)).save(out, image_format, **options)
    return out.getvalue()


def make_photo(visit):
    return VisitPhoto.objects.create(visit=visit, image=ContentFile(make_jpeg(), name="photo.jpg"))


def form_time(moment):
    """A moment as a datetime-local field sends it: WITA, to the minute."""
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def visit_form_data(sector, /, aspirations=(), **fields):
    """What the visit form posts: the visit's fields and the aspiration formset's rows."""
    data = {
        "client_uuid": "7d1f8c2e-4c1a-4e39-9a53-2f6f2b0e9a10",
        "sector": sector.pk,
        "visited_at": form_time(timezone.now()),
        "latitude": "-8.991200",
        "longitude": "116.743200",
        "accuracy_m": "15",
        "people_met": "12",
        "situation": "aman",
        "summary": "Dialog dengan warga di pos ronda; situasi kondusif.",
        "aspirations-TOTAL_FORMS": str(len(aspirations)),
        "aspirations-INITIAL_FORMS": "0",
        "aspirations-MIN_NUM_FORMS": "0",
        "aspirations-MAX_NUM_FORMS": "20",
    }
    for index, row in enumerate(aspirations):
        row = {"kind": "aspirasi", "urgency": "normal", **row}
        data.update({f"aspirations-{index}-{name}": value for name, value in row.items()})
    data.update(fields)
    return {name: value for name, value in data.items() if value is not None}
