"""Stored data for the follow-up loop: a code for every aspiration, the agencies named in free text as rows,
the Humas role's right to contact residents and the Admin's to keep the list of agencies.

Agencies: the names typed when forwarding are grouped by their spelling (case, spaces, a trailing "KSB")
and by the known aliases below, one agency per Polres (the unit above the aspiration's Polsek), so that
"Dinas PUPR" and "Dinas PUPR KSB" become one row. The free text stays on each aspiration as it was.
"""

import re
import secrets
from collections import Counter, defaultdict

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
BATCH = 2000

# (name, short name, other names) of agencies of Kabupaten Sumbawa Barat that residents' aspirations go to.
KNOWN_AGENCIES = [
    ("Dinas PUPR", "PUPR", ["Dinas PUPR KSB", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas PU", "PUPR KSB"]),
    ("Dinas Perhubungan", "Dishub", ["Dinas Perhubungan KSB", "Dishub KSB"]),
    ("Dinas Lingkungan Hidup", "DLH", ["Dinas Lingkungan Hidup KSB", "DLH KSB"]),
    ("Dinas Pariwisata", "Dispar", ["Dinas Pariwisata KSB", "Dispar KSB"]),
    ("Satpol PP", "", ["Satpol PP KSB", "Satuan Polisi Pamong Praja"]),
    ("BPBD", "", ["BPBD KSB", "Badan Penanggulangan Bencana Daerah"]),
    ("PT AMNT", "AMNT", ["PT AMNT (Hubungan Masyarakat)", "PT Amman Mineral Nusa Tenggara", "Amman Mineral"]),
    ("Camat Sekongkang", "", ["Kantor Camat Sekongkang", "Kecamatan Sekongkang"]),
]
SUFFIX = re.compile(r"\s+(ksb|kab\.? sumbawa barat|kabupaten sumbawa barat)$")


def key(name):
    text = " ".join(name.split()).casefold().strip(" .,;")
    return SUFFIX.sub("", text)


KNOWN_BY_KEY = {key(alias): known for known in KNOWN_AGENCIES for alias in [known[0], *known[2]]}


def fill_codes(Aspiration):
    used = set()
    pending = Aspiration.objects.filter(code__isnull=True).order_by("pk").only("pk")
    while batch := list(pending[:BATCH]):
        for aspiration in batch:
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
            while code in used:
                code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
            used.add(code)
            aspiration.code = code
        Aspiration.objects.bulk_update(batch, ["code"])


def polres_of(units, unit_id):
    unit = units.get(unit_id)
    while unit is not None and unit.kind not in ("polres", "polda"):
        unit = units.get(unit.parent_id)
    return unit.pk if unit is not None else unit_id


def make_agencies(Aspiration, Agency, Unit):
    units = {unit.pk: unit for unit in Unit.objects.all()}
    named = (
        Aspiration.objects.exclude(forwarded_to="")
        .filter(agency__isnull=True)
        .order_by()
        .values_list("unit_id", "forwarded_to")
    )
    spellings = defaultdict(Counter)
    for unit_id, forwarded_to in named.iterator():
        known = KNOWN_BY_KEY.get(key(forwarded_to))
        spellings[polres_of(units, unit_id), key(known[0]) if known else key(forwarded_to)][forwarded_to] += 1
    for (unit_id, group_key), names in spellings.items():
        known = KNOWN_BY_KEY.get(group_key)
        if known:
            name, short_name, aliases = known[0], known[1], set(known[2])
        else:
            name, short_name, aliases = names.most_common(1)[0][0], "", set()
        aliases |= {spelling for spelling in names if spelling != name}
        agency, _ = Agency.objects.get_or_create(
            unit_id=unit_id, name=name, defaults={"short_name": short_name, "aliases": "\n".join(sorted(aliases))}
        )
        units_below = [pk for pk in units if polres_of(units, pk) == unit_id] or [unit_id]
        rows = Aspiration.objects.filter(forwarded_to__in=list(names), agency__isnull=True)
        rows = rows.filter(unit_id__in=units_below) if unit_id is not None else rows.filter(unit_id__isnull=True)
        rows.update(agency=agency)


def grant_permissions(Group, Permission):
    """Humas calls residents back; the Admin role holds every permission of the app, agencies' included."""
    patrols = Permission.objects.filter(content_type__app_label="patrols")
    contact = patrols.get(codename="contact_resident")
    for group in Group.objects.filter(name="Humas"):
        group.permissions.add(contact)
    for group in Group.objects.filter(name="Admin"):
        group.permissions.add(contact, *patrols.filter(content_type__model="agency"))


def forwards(apps, schema_editor):
    Aspiration = apps.get_model("patrols", "Aspiration")
    fill_codes(Aspiration)
    make_agencies(Aspiration, apps.get_model("patrols", "Agency"), apps.get_model("accounts", "Unit"))
    # Permissions are normally made after all migrations; make this one now.
    patrols = apps.get_app_config("patrols")
    patrols.models_module = True
    create_permissions(patrols, verbosity=0, apps=apps)
    patrols.models_module = None
    grant_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def backwards(apps, schema_editor):
    Aspiration = apps.get_model("patrols", "Aspiration")
    Aspiration.objects.update(code=None, agency=None)
    apps.get_model("patrols", "Agency").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("patrols", "0007_loop_fields"),
        ("accounts", "0004_units"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
