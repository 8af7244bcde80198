"""Small builders for test data; each fills in what a test does not care about."""

import itertools
from decimal import Decimal

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role, User
from patrols.models import AppealTopic, Aspiration, AspirationCategory, Patrol, Visit
from sectors.models import District, Sector, Village

_seq = itertools.count(1)

PASSWORD = "Sekongkang-uji-2026"


def make_user(username, *roles, **fields):
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
    fields.setdefault("code", f"52.07.04.{9000 + n}")
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
