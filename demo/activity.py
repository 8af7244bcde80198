"""A month of demo patrols, visits and aspirations for each demo Polsek, from a fixed seed, ending today."""

import math
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from accounts.models import Role, User
from early_warnings.models import EarlyWarning, EarlyWarningUpdate
from early_warnings.services import change_warning, raise_warning
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
from sectors.models import Sector

from . import data as demo_data

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
    """A month of one Polsek's patrols, visits and aspirations, drawn from a fixed random seed."""

    def __init__(self, *, polsek, sectors, users, now, seed=SEED, under_way=False):
        self.rng = random.Random(seed)
        self.polsek = polsek
        self.kecamatan = polsek.district["name"]
        self.sectors = sectors
        self.now = now
        self.today = timezone.localdate(now)
        team = [d for d in demo_data.USERS if d.unit == polsek.unit]
        self.officers = [users[d.username] for d in team if d.role == Role.PETUGAS]
        self.reviewers = [users[d.username] for d in team if d.role == Role.HUMAS]
        self.reviewers += [users[username] for username in demo_data.POLRES_REVIEWERS]
        self.areas = {d.username: d.desa for d in team}
        self.under_way = under_way
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
        Visit.objects.filter(patrol__leader__in=self.officers).update(created_at=F("visited_at"))
        self.handle_warnings()
        return self.counts

    def plan(self):
        rng = self.rng
        plans = []
        for age in range(DAYS, 0, -1):
            for _ in range(rng.choice(self.polsek.patrols_a_day)):
                shift = rng.choice(tuple(SHIFT_HOURS))
                first_hour, last_hour = SHIFT_HOURS[shift]
                day = self.today - timedelta(days=age)
                start = local_datetime(day, rng.randint(first_hour, last_hour), rng.randint(0, 59))
                # Night patrols start by 20.00 with at most four stops, so they end before today.
                stops = rng.randint(2, 4 if shift == "malam" else 5)
                plans.append(self.plan_patrol(start=start, age_days=age, shift=shift, stops=stops))
        names = {sector.name for sector, _ in self.sectors}
        for warning in demo_data.EARLY_WARNINGS:
            if warning.sector in names:
                self.place_warning(plans, warning)
        if not self.under_way:
            return plans
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
        members = self.rng.sample(others, min(self.rng.choice((0, 1, 1, 2)), len(others)))
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
        warnings = EarlyWarning.objects.filter(unit__code=self.polsek.unit)
        for warning in warnings.select_related("visit__officer").order_by("pk"):
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
                agency = rng.choice(agencies)
                agency = step["forwarded_to"] = demo_data.local_agency(agency, kecamatan=self.kecamatan, desa=desa)
                step["note"] = rng.choice(demo_data.STATUS_NOTES[status]).format(agency=agency)
            elif status == Status.TIDAK_DAPAT:
                step["note"] = step["refusal_reason"] = rng.choice(demo_data.refusal_reasons(self.kecamatan))
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
