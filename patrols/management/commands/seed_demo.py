"""Fill the database with Kecamatan Sekongkang and a month of demo patrols.

Reference data (desa, sectors, topics, categories, accounts) is created where missing and never
overwritten, so changes made in the admin survive `make run`. The activity is generated once,
from a fixed seed, and ends today.
"""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, Unit, User
from early_warnings.models import EarlyWarning, EarlyWarningUpdate
from early_warnings.services import change_warning, raise_warning
from patrols import demo_data
from patrols.models import (
    AppealTopic,
    Aspiration,
    AspirationCategory,
    AspirationUpdate,
    ContactChannel,
    Patrol,
    Visit,
)
from patrols.services import agency_named
from sectors.models import District, Sector, Village

Status = Aspiration.Status

DAYS = 30
SEED = 2026
METRES_PER_DEGREE = 111_320
SHIFT_HOURS = {"pagi": (8, 9), "siang": (13, 15), "malam": (19, 19)}
PEOPLE_MET = {Sector.Kind.SETTLEMENT: (5, 25), Sector.Kind.BUSINESS: (2, 10), Sector.Kind.PUBLIC_FACILITY: (3, 30)}

# Routes from "baru" to each status, step by step along Aspiration.TRANSITIONS.
PATHS = {
    Status.BARU: [()],
    Status.DIVERIFIKASI: [(Status.DIVERIFIKASI,)],
    Status.DITINDAKLANJUTI: [(Status.DIVERIFIKASI, Status.DITINDAKLANJUTI)],
    Status.DITERUSKAN: [
        (Status.DIVERIFIKASI, Status.DITERUSKAN),
        (Status.DIVERIFIKASI, Status.DITINDAKLANJUTI, Status.DITERUSKAN),
    ],
    Status.SELESAI: [
        (Status.DIVERIFIKASI, Status.DITINDAKLANJUTI, Status.SELESAI),
        (Status.DIVERIFIKASI, Status.DITERUSKAN, Status.SELESAI),
    ],
    Status.TIDAK_DAPAT: [(Status.TIDAK_DAPAT,), (Status.DIVERIFIKASI, Status.TIDAK_DAPAT)],
}
# The older an aspiration, the further its follow-up has gone: (up to this age in days,
# weights in the order of Aspiration.Status).
STATUS_WEIGHTS_BY_AGE = [
    (2, (55, 30, 15, 0, 0, 0)),
    (10, (8, 12, 20, 12, 35, 13)),
    (DAYS, (2, 3, 8, 7, 65, 15)),
]


def step_times(rng, *, start, count, now):
    """When each follow-up step happened, in office hours: hours to verify, then a day or more per step,
    squeezed to end before now. Fewer times than steps when the office has not been open long enough since
    `start` (an aspiration heard on a Saturday night is still new on Sunday)."""
    gaps = [rng.uniform(0.5, 7.5) if i == 0 else rng.uniform(3, 30) for i in range(count)]
    first, last = office_minutes(start), office_minutes(now)
    room = (last - first) * 0.9
    scale = min(1, room / (sum(gaps) * 60)) if gaps else 1
    times, at = [], first
    for gap in gaps:
        at += max(1, round(gap * scale * 60))
        if at >= last:
            break
        times.append(office_moment(at))
    return times


OFFICE_DAY_MINUTES = (demo_data.OFFICE_CLOSES - demo_data.OFFICE_OPENS) * 60
OFFICE_WEEK_MINUTES = OFFICE_DAY_MINUTES * demo_data.OFFICE_DAYS_A_WEEK
A_MONDAY = date(2001, 1, 1)


def office_minutes(moment):
    """Minutes of office time from a Monday long ago to `moment`: a clock that runs in office hours only."""
    local = timezone.localtime(moment)
    weeks, weekday = divmod((local.date() - A_MONDAY).days, 7)
    minutes = weeks * OFFICE_WEEK_MINUTES + min(weekday, demo_data.OFFICE_DAYS_A_WEEK) * OFFICE_DAY_MINUTES
    if weekday < demo_data.OFFICE_DAYS_A_WEEK:
        since_opening = (local.hour - demo_data.OFFICE_OPENS) * 60 + local.minute
        minutes += min(max(since_opening, 0), OFFICE_DAY_MINUTES)
    return minutes


def office_moment(minutes):
    """The moment that office_minutes() reads as `minutes`, in office hours."""
    weeks, rest = divmod(minutes, OFFICE_WEEK_MINUTES)
    weekday, into_day = divmod(rest, OFFICE_DAY_MINUTES)
    day = A_MONDAY + timedelta(days=weeks * 7 + weekday)
    return local_datetime(day, demo_data.OFFICE_OPENS, 0) + timedelta(minutes=into_day)


def fix_near(rng, latitude, longitude):
    """A phone's fix near a place, with its accuracy in metres: mostly within metres, sometimes a few hundred
    metres off, now and then more than a kilometre (the visit gets flagged)."""
    roll = rng.random()
    if roll < 0.02:
        metres = rng.uniform(1100, 1900)
    elif roll < 0.25:
        metres = rng.uniform(120, 400)
    else:
        metres = rng.uniform(3, 120)
    bearing = rng.uniform(0, 2 * math.pi)
    lat = float(latitude) + metres * math.cos(bearing) / METRES_PER_DEGREE
    lon_scale = METRES_PER_DEGREE * math.cos(math.radians(float(latitude)))
    lon = float(longitude) + metres * math.sin(bearing) / lon_scale
    return lat, lon, rng.randint(4, 30)


class Command(BaseCommand):
    help = (
        "Mengisi data demo Kecamatan Sekongkang: desa, sektor, topik imbauan, kategori aspirasi, "
        "akun demo, dan aktivitas patroli sebulan terakhir."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-activity", action="store_true", help="Hanya data acuan dan akun, tanpa patroli dan aspirasi."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga dengan DEBUG=0 (server uji, benchmark): akun demo memakai kata sandi yang diumumkan.",
        )

    def handle(self, *args, no_activity=False, force=False, **options):
        # The demo password is in the source code: on a real server anyone could sign in as admin with it.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG=0: ini tampaknya server produksi. seed_demo membuat akun staf 'admin' dan akun lain dengan "
                "kata sandi demo yang tertulis di kode sumber, jadi tidak dijalankan. Untuk server uji atau "
                "benchmark, jalankan dengan --force, lalu ganti kata sandi akun-akun itu."
            )
        with transaction.atomic():
            sectors = seed_places()
            seed_vocabulary()
            users, existing = seed_users()
            if no_activity:
                activity = "Aktivitas contoh tidak dibuat (--no-activity)."
            elif Patrol.objects.exists():
                activity = "Aktivitas contoh dilewati: sudah ada data patroli."
            else:
                counts = DemoActivity(sectors=sectors, users=users, now=timezone.now()).create()
                activity = "Aktivitas contoh: {patrols} patroli, {visits} kunjungan, {aspirations} aspirasi.".format(
                    **counts
                )
        self.stdout.write(f"Kecamatan Sekongkang: {len(demo_data.VILLAGES)} desa, {len(sectors)} sektor.")
        self.stdout.write(activity)
        self.write_accounts(users, existing)

    def write_accounts(self, users, existing):
        rows = [("Username", "Peran", "Nama", "Kata sandi")]
        rows += [
            (demo.username, str(Role(demo.role).label), users[demo.username].display_name, demo_data.DEMO_PASSWORD)
            for demo in demo_data.USERS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("\nAkun demo:")
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if existing:
            self.stdout.write(
                "Akun yang sudah ada tidak diubah; bila kata sandinya pernah diganti, kata sandi di atas tidak berlaku."
            )


def seed_units():
    """The demo's Polda, Polres and Polsek by kind. An existing unit (the data migration makes them) gets
    the demo's letterhead and signature only in the fields still empty: an admin's entries stay."""
    units, parent = {}, None
    for spec in demo_data.UNITS:
        unit, created = Unit.objects.get_or_create(code=spec["code"], defaults={**spec, "parent": parent})
        empty = [field for field in spec if not created and not getattr(unit, field)]
        if empty:
            for field in empty:
                setattr(unit, field, spec[field])
            unit.save(update_fields=empty)
        units[unit.kind] = parent = unit
    return units


def seed_places():
    """The demo units, the district, its desa and the demo sectors, as (sector, desa name) pairs."""
    polsek = seed_units()[Unit.Kind.POLSEK]
    district, _ = District.objects.get_or_create(
        code=demo_data.DISTRICT["code"], defaults={"name": demo_data.DISTRICT["name"], "unit": polsek}
    )
    if district.unit_id is None:
        district.unit = polsek
        district.save(update_fields=["unit"])
    villages = {}
    for code, name, lat, lon in demo_data.VILLAGES:
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
    for name, kind, desa, lat, lon, address, notes in demo_data.SECTORS:
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
    for order, (name, description) in enumerate(demo_data.APPEAL_TOPICS, start=1):
        AppealTopic.objects.get_or_create(name=name, defaults={"description": description, "order": order})
    for order, (name, description) in enumerate(demo_data.ASPIRATION_CATEGORIES, start=1):
        AspirationCategory.objects.get_or_create(name=name, defaults={"description": description, "order": order})


def seed_users():
    """The demo accounts by username, and the usernames that already existed."""
    # The accounts share one published password, so one hash serves them all;
    # hashing it once per account would add seconds to every seed.
    password = make_password(demo_data.DEMO_PASSWORD)
    groups = {group.name: group for group in Group.objects.filter(name__in=Role.values)}
    # Made by seed_places.
    units = {unit.kind: unit for unit in Unit.objects.filter(code__in=[spec["code"] for spec in demo_data.UNITS])}
    users, existing = {}, set()
    for demo in demo_data.USERS:
        unit = units[Unit.Kind.POLRES if demo.username in demo_data.POLRES_USERS else Unit.Kind.POLSEK]
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
            },
        )
        if created:
            user.groups.add(groups[demo.role])
        else:
            existing.add(demo.username)
            if user.unit_id is None:
                user.unit = unit
                user.save(update_fields=["unit"])
        users[demo.username] = user
    return users, existing


@dataclass
class PlannedPatrol:
    start: datetime
    age_days: int
    shift: str
    leader: User
    area: tuple
    members: list
    stops: list
    finished: bool = True
    warning: demo_data.EarlyWarning | None = None


class DemoActivity:
    """A month of patrols, visits and aspirations, drawn from one fixed random seed."""

    def __init__(self, *, sectors, users, now):
        self.rng = random.Random(SEED)
        self.sectors = sectors
        self.now = now
        self.today = timezone.localdate(now)
        self.officers = [users[d.username] for d in demo_data.USERS if d.role == Role.PETUGAS]
        self.reviewers = [users[d.username] for d in demo_data.USERS if d.role == Role.HUMAS]
        self.areas = {d.username: d.desa for d in demo_data.USERS}
        self.topics = {t.name: t for t in AppealTopic.objects.all()}
        self.categories = {c.name: c for c in AspirationCategory.objects.all()}
        self.counts = {"patrols": 0, "visits": 0, "aspirations": 0}
        self.updates = []

    def create(self):
        for plan in self.plan():
            self.create_patrol(plan)
        AspirationUpdate.objects.bulk_create(self.updates)
        # auto_now_add stamped every report with the seeding time; a report is
        # filed when the visit ends, and its 24-hour edit window runs from then.
        Visit.objects.update(created_at=F("visited_at"))
        self.handle_warnings()
        return self.counts

    def plan(self):
        rng = self.rng
        plans = []
        for age in range(DAYS, 0, -1):
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                shift = rng.choice(tuple(SHIFT_HOURS))
                first_hour, last_hour = SHIFT_HOURS[shift]
                day = self.today - timedelta(days=age)
                start = local_datetime(day, rng.randint(first_hour, last_hour), rng.randint(0, 59))
                # Night patrols start by 20.00 with at most four stops, so they end before today.
                stops = rng.randint(2, 4 if shift == "malam" else 5)
                plans.append(self.plan_patrol(start=start, age_days=age, shift=shift, stops=stops))
        for warning in demo_data.EARLY_WARNINGS:
            self.place_warning(plans, warning)
        # The first officer is out on patrol right now, so the demo shows a patrol under way.
        start = (self.now - timedelta(minutes=75)).replace(second=0, microsecond=0)
        under_way = self.plan_patrol(
            start=start, age_days=0, shift=shift_at(timezone.localtime(start)), stops=1, leader=self.officers[0]
        )
        under_way.finished = False
        return [*plans, under_way]

    def plan_patrol(self, *, start, age_days, shift, stops, leader=None):
        leader = leader or self.rng.choice(self.officers)
        area = self.areas[leader.username]
        others = [officer for officer in self.officers if officer != leader]
        members = self.rng.sample(others, self.rng.choice((0, 1, 1, 2)))
        pool = self.pool(area)
        return PlannedPatrol(
            start=start,
            age_days=age_days,
            shift=shift,
            leader=leader,
            area=area,
            members=members,
            stops=self.rng.sample(pool, min(stops, len(pool))),
        )

    def pool(self, area):
        return [stop for stop in self.sectors if not area or stop[1] in area]

    def place_warning(self, plans, warning):
        stop = next(stop for stop in self.sectors if stop[0].name == warning.sector)
        candidates = [p for p in plans if p.warning is None and (not p.area or stop[1] in p.area)]
        plan = self.rng.choice(candidates)
        plan.warning = warning
        plan.stops = [stop, *[s for s in plan.stops if s != stop][: len(plan.stops) - 1]]

    def create_patrol(self, plan):
        rng = self.rng
        times = [plan.start + timedelta(minutes=rng.randint(10, 20))]
        for _ in plan.stops[1:]:
            times.append(times[-1] + timedelta(minutes=rng.randint(25, 50)))
        ended_at = times[-1] + timedelta(minutes=rng.randint(20, 40)) if plan.finished else None
        desa = sorted({desa for _, desa in plan.stops})
        note = demo_data.PATROL_NOTES[plan.shift].format(desa=" dan ".join(desa))
        patrol = Patrol.objects.create(started_at=plan.start, ended_at=ended_at, leader=plan.leader, notes=note)
        patrol.members.set(plan.members)
        self.counts["patrols"] += 1
        for index, (stop, visited_at) in enumerate(zip(plan.stops, times)):
            warning = plan.warning if index == 0 else None
            self.create_visit(patrol=patrol, plan=plan, stop=stop, visited_at=visited_at, warning=warning)

    def create_visit(self, *, patrol, plan, stop, visited_at, warning):
        rng = self.rng
        sector, desa = stop
        if warning:
            situation = warning.situation
        else:
            situation = rng.choices(Visit.Situation.values, weights=(85, 11, 4))[0]
        officer = rng.choice(plan.members) if plan.members and rng.random() < 0.25 else plan.leader
        latitude, longitude, accuracy = self.gps_fix(sector)
        people_met = rng.randint(*PEOPLE_MET[sector.kind])
        appeals = self.appeals_for(sector)
        summary = rng.choice(demo_data.SUMMARIES[sector.kind]).format(
            tempat=sector.name, desa=desa, warga=people_met, imbauan=", ".join(map(in_sentence, appeals))
        )
        if warning:
            closing = demo_data.WARNING_CLOSING.format(situasi=Visit.Situation(situation).label.lower())
        elif situation == Visit.Situation.AMAN:
            closing = rng.choice(demo_data.CALM_CLOSINGS)
        else:
            closing = rng.choice(demo_data.CONCERNS)
        visit = Visit.objects.create(
            patrol=patrol,
            sector=sector,
            officer=officer,
            visited_at=visited_at,
            latitude=latitude,
            longitude=longitude,
            accuracy_m=accuracy,
            people_met=people_met,
            situation=situation,
            summary=f"{summary} {closing}",
            early_warning=warning is not None,
            early_warning_note=warning.note if warning else "",
        )
        visit.appeals.set([self.topics[name] for name in appeals])
        if warning:
            raise_warning(visit=visit)
        self.counts["visits"] += 1
        for heard in self.heard_at(sector, warning):
            self.create_aspiration(visit=visit, desa=desa, age_days=plan.age_days, heard=heard)

    def gps_fix(self, sector):
        if not sector.has_position:
            return None, None, None
        lat, lon, accuracy = fix_near(self.rng, sector.latitude, sector.longitude)
        return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}"), accuracy

    def appeals_for(self, sector):
        focus = list(demo_data.APPEAL_FOCUS.get(sector.name, ()))
        others = [name for name in demo_data.APPEALS_BY_KIND[sector.kind] if name not in focus]
        return focus + self.rng.sample(others, self.rng.randint(1, 2))

    def heard_at(self, sector, warning):
        """(category, kind, urgency, description, agencies) of each aspiration heard at a visit."""
        if warning:
            return [warning.aspiration]
        weights = dict(demo_data.CATEGORY_WEIGHTS)
        if demo_data.TOURISM in demo_data.APPEAL_FOCUS.get(sector.name, ()):
            weights["Pariwisata dan pantai"] = 12
        heard = []
        for _ in range(self.rng.choices((0, 1, 2), weights=(45, 45, 10))[0]):
            category = self.rng.choices(list(weights), weights=list(weights.values()))[0]
            example = (category, *self.rng.choice(demo_data.ASPIRATION_EXAMPLES[category]))
            if example not in heard:
                heard.append(example)
        return heard

    def handle_warnings(self):
        """Humas acknowledged each warning older than two days, handled those older than three and closed
        those older than two weeks; the newer ones still wait, escalated after EARLY_WARNING_ESCALATE_HOURS."""
        State = EarlyWarning.State
        plan = [
            (timedelta(days=2), {"state": State.DIAKUI, "note": demo_data.WARNING_ACKNOWLEDGED}),
            (timedelta(days=3), {"state": State.DITANGANI, "note": demo_data.WARNING_HANDLED}),
            (
                timedelta(days=14),
                {"state": State.DITUTUP, "note": demo_data.WARNING_CLOSED, "outcome": EarlyWarning.Outcome.REDA},
            ),
        ]
        for warning in EarlyWarning.objects.select_related("visit__officer").order_by("pk"):
            raised = warning.visit.visited_at
            steps = [step for age, step in plan if self.now - raised > age]
            times = step_times(self.rng, start=raised, count=len(steps), now=self.now)
            author = self.rng.choice(self.reviewers)
            for step, at in zip(steps, times):
                assignee = {"assignee": warning.visit.officer} if step["state"] == State.DITANGANI else {}
                version = EarlyWarning.objects.values_list("version", flat=True).get(pk=warning.pk)
                update = change_warning(
                    warning_id=warning.pk, author=author, expected_version=version, **step, **assignee
                )
                EarlyWarningUpdate.objects.filter(pk=update.pk).update(created_at=at)
            stamps = {"created_at": raised}
            if steps:
                stamps["acknowledged_at"] = times[0]
            if len(steps) == len(plan):
                stamps["closed_at"] = times[-1]
            EarlyWarning.objects.filter(pk=warning.pk).update(**stamps)

    def create_aspiration(self, *, visit, desa, age_days, heard):
        rng = self.rng
        category, kind, urgency, description, agencies = heard
        created_at = visit.visited_at + timedelta(minutes=rng.randint(5, 25))
        anonymous = rng.random() < 0.2
        name = "" if anonymous else rng.choice(demo_data.RESIDENT_NAMES)
        phone = ""
        if not anonymous and rng.random() < 0.6:
            phone = f"{rng.choice(demo_data.PHONE_PREFIXES)}-0000-{rng.randint(0, 9999):04d}"
        path = self.follow_up_path(age_days)
        times = step_times(self.rng, start=created_at, count=len(path), now=self.now)
        path = path[: len(times)]
        steps = self.follow_up(path=path, agencies=agencies, desa=desa, anonymous=anonymous)
        status = path[-1] if path else Status.BARU
        forwarded_to = next((s["forwarded_to"] for s in steps if "forwarded_to" in s), "")
        # Most residents who leave a number agree to hear back (decided by the number, not by the random
        # sequence, which the rest of the demo depends on).
        consent = bool(phone) and int(phone[-1]) % 4 != 0
        aspiration = Aspiration.objects.create(
            visit=visit,
            kind=kind,
            category=self.categories[category],
            description=description.format(desa=desa),
            urgency=urgency,
            is_anonymous=anonymous,
            resident_name=name,
            resident_phone=phone,
            status=status,
            assignee=visit.officer if path and path[0] == Status.DIVERIFIKASI else None,
            forwarded_to=forwarded_to,
            agency=agency_named(forwarded_to, unit_id=visit.unit_id) if forwarded_to else None,
            contact_consent=consent,
            contact_channel=ContactChannel.WHATSAPP if consent else "",
            consent_recorded_at=created_at if consent else None,
            consent_recorded_by=visit.officer if consent else None,
            refusal_reason=next((s["refusal_reason"] for s in steps if "refusal_reason" in s), ""),
            version=1 + len(path),
            created_at=created_at,
            closed_at=times[-1] if status in Aspiration.CLOSED_STATUSES else None,
        )
        previous = Status.BARU
        for step, at in zip(steps, times):
            self.updates.append(
                AspirationUpdate(
                    aspiration=aspiration,
                    author=rng.choice(self.reviewers),
                    created_at=at,
                    status_from=previous,
                    status_to=step["status"],
                    note=step["note"],
                    feedback_delivered=step["feedback"],
                )
            )
            previous = step["status"]
        self.counts["aspirations"] += 1

    def follow_up_path(self, age_days):
        weights = next(weights for limit, weights in STATUS_WEIGHTS_BY_AGE if age_days <= limit)
        status = self.rng.choices(list(Status), weights=weights)[0]
        return self.rng.choice(PATHS[status])

    def follow_up(self, *, path, agencies, desa, anonymous):
        """What each step of the path records: its note, and the agency or reason it names."""
        rng = self.rng
        steps = []
        agency = ""
        for status in path:
            step = {"status": status, "feedback": False}
            if status == Status.DITERUSKAN:
                agency = step["forwarded_to"] = rng.choice(agencies).format(desa=desa)
                step["note"] = rng.choice(demo_data.STATUS_NOTES[status]).format(agency=agency)
            elif status == Status.TIDAK_DAPAT:
                step["note"] = step["refusal_reason"] = rng.choice(demo_data.REFUSAL_REASONS)
            elif status == Status.SELESAI and agency:
                step["note"] = demo_data.FORWARDED_DONE_NOTE.format(agency=agency)
            else:
                step["note"] = rng.choice(demo_data.STATUS_NOTES[status])
            if status in Aspiration.CLOSED_STATUSES and not anonymous and rng.random() < 0.8:
                step["feedback"] = True
                step["note"] = f"{step['note']} {demo_data.FEEDBACK_NOTE}"
            steps.append(step)
        return steps


def in_sentence(name):
    """A topic name as it reads mid-sentence: "Judi online" becomes "judi online", "PETI" stays."""
    return name if name[:2].isupper() else name[0].lower() + name[1:]


def shift_at(moment):
    if 6 <= moment.hour < 12:
        return "pagi"
    return "siang" if 12 <= moment.hour < 18 else "malam"


def local_datetime(day, hour, minute):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))
