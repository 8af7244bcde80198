"""The demo's reference data: units, kecamatan, desa, sectors, vocabulary and accounts.

Everything is created where missing and never overwritten, so changes made in the admin survive
`make run`.
"""

from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from accounts.models import Role, Unit, User
from patrols.models import AppealTopic, AspirationCategory
from sectors.models import District, Sector, Village

from . import data


def seed_units():
    """The demo's units by code. An existing unit (the data migration makes the default ones) gets the
    demo's letterhead and signature only in the fields still empty: an admin's entries stay."""
    units, top = {}, {}
    for spec in data.UNITS:
        parent = top.get(Unit.PARENT_KINDS.get(spec["kind"]))
        unit, created = Unit.objects.get_or_create(code=spec["code"], defaults={**spec, "parent": parent})
        empty = [field for field in spec if not created and not getattr(unit, field)]
        if empty:
            for field in empty:
                setattr(unit, field, spec[field])
            unit.save(update_fields=empty)
        units[unit.code] = unit
        top.setdefault(unit.kind, unit)
    return units


def seed_places(units=None):
    """For each demo Polsek its kecamatan, desa and sectors: {unit code: [(sector, desa name)]}."""
    units = units or seed_units()
    return {polsek.unit: seed_polsek_places(polsek, units[polsek.unit]) for polsek in data.POLSEK}


def seed_polsek_places(polsek, unit):
    district, _ = District.objects.get_or_create(
        code=polsek.district["code"], defaults={"name": polsek.district["name"], "unit": unit}
    )
    if district.unit_id is None:
        district.unit = unit
        district.save(update_fields=["unit"])
    villages = {}
    for code, name, lat, lon in polsek.villages:
        villages[name], _ = Village.objects.get_or_create(
            code=code,
            defaults={
                "district": district,
                "name": name,
                "label_latitude": Decimal(lat),
                "label_longitude": Decimal(lon),
            },
        )
    sectors = []
    for name, kind, desa, lat, lon, address, notes in polsek.sectors:
        sector, _ = Sector.objects.get_or_create(
            village=villages[desa],
            name=name,
            defaults={
                "kind": kind,
                "latitude": Decimal(lat),
                "longitude": Decimal(lon),
                "address": address,
                "notes": notes,
            },
        )
        sectors.append((sector, desa))
    return sectors


def seed_vocabulary():
    for order, (name, description) in enumerate(data.APPEAL_TOPICS, start=1):
        AppealTopic.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    for order, (name, description) in enumerate(data.ASPIRATION_CATEGORIES, start=1):
        AspirationCategory.objects.get_or_create(name=name, defaults={"description": description, "order": order})


def seed_users(units):
    """The demo accounts by username, and the usernames that already existed."""
    # The accounts share one published password, so one hash serves them all;
    # hashing it once per account would add seconds to every seed.
    password = make_password(data.DEMO_PASSWORD)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    users, existing = {}, set()
    for demo in data.USERS:
        unit = units[demo.unit] if demo.unit else None
        user, created = User.objects.get_or_create(
            username=demo.username,
            defaults={
                "unit": unit,
                "password": password,
                "first_name": demo.first_name,
                "last_name": demo.last_name,
                "rank": demo.rank,
                "nrp": demo.nrp,
                "position": demo.position,
                "is_staff": demo.role == Role.ADMIN,
                "is_superuser": demo.superuser,
            },
        )
        if created:
            user.groups.add(groups[demo.role])
        else:
            existing.add(demo.username)
            if user.unit_id is None and unit is not None:
                user.unit = unit
                user.save(update_fields=["unit"])
        users[demo.username] = user
    return users, existing


def sees(user):
    """What the user's reach covers, as the account table prints it."""
    if user.is_superuser:
        return "semua kesatuan (superuser)"
    if user.unit is None:
        return "tidak ada (belum punya kesatuan)"
    if user.unit.kind == Unit.Kind.POLSEK:
        return user.unit.name
    polsek = user.unit.reach().filter(kind=Unit.Kind.POLSEK).order_by("name").values_list("name", flat=True)
    return f"semua Polsek {user.unit.name} ({', '.join(polsek)})"
