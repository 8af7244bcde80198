"""Years of patrols, visits, aspirations and their follow-up, drawn from one seed as rows.

Patrols are spread over the years with activity growing as the app is adopted, and written in
the order they happened, so ids follow time as they do in production. The status of an
aspiration depends on its age: old ones are almost all closed, recent ones open, and a few
forgotten ones stay open past their due date.
"""

import math
import uuid
from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone

from demo import data as demo_data
from demo.activity import PATHS, PEOPLE_MET, SHIFT_HOURS, fix_near, in_sentence, step_times
from early_warnings.models import EarlyWarning
from patrols.models import AppealTopic, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit, new_code
from sectors.geo import distance_m

Status = Aspiration.Status

STOPS_PER_PATROL = (1, 2, 2, 3, 3, 4, 5)
SHIFT_WEIGHTS = {"pagi": 45, "siang": 35, "malam": 20}
MEMBERS = (0, 0, 1, 1, 2)
SITUATIONS = (Visit.Situation.AMAN, Visit.Situation.WASPADA, Visit.Situation.RAWAN)
SITUATION_WEIGHTS = (85, 11, 4)
EARLY_WARNING_SHARE = 0.01
NO_GPS_SHARE = 0.03
ANONYMOUS_SHARE = 0.2
# Statuses and seed_demo's paths to them as plain strings: enum members cost a lookup per use.
STATUSES = tuple(status.value for status in Status)
PLAIN_PATHS = {status.value: [tuple(step.value for step in path) for path in paths] for status, paths in PATHS.items()}
# Up to this age in days, the weights of each status in the order of STATUSES.
STATUS_WEIGHTS_BY_AGE = [
    (2, (55, 30, 15, 0, 0, 0)),
    (14, (8, 12, 20, 12, 35, 13)),
    (90, (1, 2, 5, 4, 72, 16)),
    (365, (0.2, 0.3, 1, 0.8, 80, 17.7)),
    (math.inf, (0, 0, 0.02, 0.03, 82, 17.95)),
]
WARNING_NOTES = (
    "Ketegangan antarkelompok pemuda di Desa {desa} setelah perkelahian di acara hiburan malam; ada ajakan "
    "saling serang di media sosial.",
    "Sengketa batas lahan garapan di Desa {desa} memanas; kedua pihak berencana mengerahkan keluarga ke lokasi.",
    "Beredar rencana aksi massa di Desa {desa} tanpa surat pemberitahuan; perlu koordinasi dengan Camat dan "
    "Unit Intelkam.",
)

PATROLS_PER_CHUNK = 5_000
ASPIRATIONS_PER_CHUNK = 50_000

PATROL_FIELDS = ("id", "started_at", "ended_at", "leader", "notes", "created_at")
MEMBER_FIELDS = ("patrol", "user")
VISIT_FIELDS = (
    "id", "patrol", "sector", "officer", "visited_at", "latitude", "longitude", "accuracy_m",
    "distance_from_sector_m", "people_met", "situation", "summary", "early_warning", "early_warning_note",
    "client_uuid", "unit", "created_at", "updated_at",
)
APPEAL_FIELDS = ("visit", "appealtopic")
ASPIRATION_FIELDS = (
    "id", "visit", "kind", "category", "description", "urgency", "is_anonymous", "resident_name",
    "resident_phone", "status", "assignee", "due_date", "forwarded_to", "refusal_reason", "version",
    "unit", "created_at", "updated_at", "closed_at", "code", "contact_consent", "contact_channel", "public_note",
)
UPDATE_FIELDS = (
    "aspiration", "author", "created_at", "status_from", "status_to", "note", "feedback_delivered",
    "feedback_channel", "reported_done",
)
WARNING_FIELDS = (
    "visit", "unit", "sector", "state", "acknowledged_at", "outcome", "outcome_note", "closed_at", "version",
    "created_at", "updated_at",
)
# Early warnings older than this were handled and closed; newer ones still wait to be acknowledged.
WARNING_OPEN_DAYS = 2
WARNING_CLOSED_NOTE = "Mediasi bersama Pemdes dan tokoh masyarakat; situasi kembali kondusif."


class BulkActivity:
    def __init__(self, rng, areas, *, uuids, writer, years, now):
        self.rng = rng
        self.uuids = uuids
        self.areas = [area for area in areas if area.places and area.officers]
        self.writer = writer
        self.days = round(365.25 * years)
        self.now = now
        self.today = timezone.localdate(now)
        self.midnights = {}
        self.topics = dict(AppealTopic.objects.values_list("name", "pk"))
        self.categories = dict(AspirationCategory.objects.values_list("name", "pk"))
        self.category_names = list(demo_data.CATEGORY_WEIGHTS)
        self.category_weights = cumulative(demo_data.CATEGORY_WEIGHTS.values())
        self.status_weights = [(limit, cumulative(weights)) for limit, weights in STATUS_WEIGHTS_BY_AGE]
        self.due_after = {urgency: timedelta(days=days) for urgency, days in settings.ASPIRATION_DUE_DAYS.items()}
        self.texts = {}
        # The codes in use, read when the first aspiration is written.
        self.codes = None
        # One entry per visit written: what its aspirations need to know of it.
        self.visits = []

    def create(self, *, visits, aspirations):
        tables = [Patrol, Patrol.members.through, Visit, Visit.appeals.through, Aspiration, AspirationUpdate]
        with self.writer.checks_after_load(tables):
            if visits:
                self.create_patrols(self.plan_patrols(visits))
            if aspirations:
                self.create_aspirations(aspirations)
        self.writer.reset_sequences([Patrol, Visit, Aspiration])

    def plan_patrols(self, visits):
        """(start, age in days, shift, area, stops) of each patrol, oldest first, `visits` stops in all."""
        rng = self.rng
        weights = cumulative(len(area.officers) for area in self.areas)
        sizes = []
        while visits:
            area = rng.choices(self.areas, cum_weights=weights)[0]
            stops = min(rng.choice(STOPS_PER_PATROL), len(area.places), visits)
            sizes.append((area, stops))
            visits -= stops
        starts = sorted(self.patrol_start() for _ in sizes)
        return [(*start, *size) for start, size in zip(starts, sizes)]

    def patrol_start(self):
        rng = self.rng
        # Inverse of a density rising linearly from 1/2 to 3/2: three times as many patrols in the
        # last year as in the first, as the app is taken up.
        progress = math.sqrt(0.25 + 2 * rng.random()) - 0.5
        age = max(1, self.days - int(progress * self.days))
        shift = rng.choices(list(SHIFT_WEIGHTS), weights=list(SHIFT_WEIGHTS.values()))[0]
        first_hour, last_hour = SHIFT_HOURS[shift]
        start = self.midnight(age) + timedelta(hours=rng.randint(first_hour, last_hour), minutes=rng.randint(0, 59))
        return start, age, shift

    def midnight(self, age):
        if age not in self.midnights:
            day = self.today - timedelta(days=age)
            self.midnights[age] = timezone.make_aware(datetime.combine(day, time()))
        return self.midnights[age]

    def create_patrols(self, plans):
        writer = self.writer
        patrol_id = writer.next_id(Patrol)
        visit_id = writer.next_id(Visit)
        for first in range(0, len(plans), PATROLS_PER_CHUNK):
            patrols, members, visits, appeals, warnings = [], [], [], [], []
            for plan in plans[first : first + PATROLS_PER_CHUNK]:
                patrol, team, stops = self.patrol_rows(patrol_id, plan)
                patrols.append(patrol)
                members += [(patrol_id, user_id) for user_id in team[1:]]
                for place, visited_at in stops:
                    visits.append(self.visit_row(visit_id, patrol_id, plan, team, place, visited_at, appeals))
                    if visits[-1][12]:
                        warnings.append(self.warning_row(visits[-1], age=plan[1]))
                    visit_id += 1
                patrol_id += 1
            writer.insert(Patrol, PATROL_FIELDS, patrols)
            writer.insert(Patrol.members.through, MEMBER_FIELDS, members)
            writer.insert(Visit, VISIT_FIELDS, visits)
            writer.insert(Visit.appeals.through, APPEAL_FIELDS, appeals)
            writer.insert(EarlyWarning, WARNING_FIELDS, warnings)

    def patrol_rows(self, patrol_id, plan):
        """The patrol's row, its team (leader first) and its stops with their times."""
        rng = self.rng
        start, _, shift, area, count = plan
        leader = rng.choice(area.officers)
        others = [officer for officer in area.officers if officer != leader]
        team = [leader, *rng.sample(others, min(rng.choice(MEMBERS), len(others)))]
        places = rng.sample(area.places, count)
        times = [start + timedelta(minutes=rng.randint(10, 20))]
        for _ in places[1:]:
            times.append(times[-1] + timedelta(minutes=rng.randint(25, 50)))
        ended_at = times[-1] + timedelta(minutes=rng.randint(20, 40))
        desa = " dan ".join(sorted({place.village for place in places}))
        notes = demo_data.PATROL_NOTES[shift].format(desa=desa)
        return (patrol_id, start, ended_at, leader, notes, start), team, list(zip(places, times))

    def visit_row(self, visit_id, patrol_id, plan, team, place, visited_at, appeals):
        rng = self.rng
        area, age = plan[3], plan[1]
        officer = rng.choice(team[1:]) if len(team) > 1 and rng.random() < 0.25 else team[0]
        situation = rng.choices(SITUATIONS, weights=SITUATION_WEIGHTS)[0]
        warning_note = ""
        if rng.random() < EARLY_WARNING_SHARE:
            situation = rng.choice((Visit.Situation.WASPADA, Visit.Situation.RAWAN))
            warning_note = rng.choice(WARNING_NOTES).format(desa=place.village)
        latitude, longitude, accuracy, distance = self.gps_fix(place)
        people_met = rng.randint(*PEOPLE_MET[place.kind])
        topics = rng.sample(demo_data.APPEALS_BY_KIND[place.kind], rng.randint(1, 3))
        appeals += [(visit_id, self.topics[name]) for name in topics]
        summary = rng.choice(demo_data.SUMMARIES[place.kind]).format(
            tempat=place.name, desa=place.village, warga=people_met, imbauan=", ".join(map(in_sentence, topics))
        )
        if warning_note:
            closing = demo_data.WARNING_CLOSING.format(situasi=situation.label.lower())
        elif situation == Visit.Situation.AMAN:
            closing = rng.choice(demo_data.CALM_CLOSINGS)
        else:
            closing = rng.choice(demo_data.CONCERNS)
        client_uuid = uuid.UUID(int=self.uuids.getrandbits(128), version=4)
        created_at = visited_at + timedelta(minutes=rng.randint(1, 30))
        self.visits.append((visit_id, visited_at, officer, place.village, area, age))
        return (
            visit_id, patrol_id, place.id, officer, visited_at, latitude, longitude, accuracy, distance, people_met,
            situation.value, f"{summary} {closing}", bool(warning_note), warning_note, client_uuid, area.unit,
            created_at, created_at,
        )

    def warning_row(self, visit, age):
        """The early warning a flagged visit row raised: closed as calmed down a day later, unless it is recent."""
        visit_id, _, sector, *_, unit, created_at, _ = visit
        if age <= WARNING_OPEN_DAYS:
            return visit_id, unit, sector, EarlyWarning.State.BARU.value, None, "", "", None, 1, created_at, created_at
        acknowledged, closed = created_at + timedelta(hours=2), created_at + timedelta(days=1)
        return (
            visit_id, unit, sector, EarlyWarning.State.DITUTUP.value, acknowledged, EarlyWarning.Outcome.REDA.value,
            WARNING_CLOSED_NOTE, closed, 3, created_at, closed,
        )

    def gps_fix(self, place):
        """A phone's fix near the place, as seed_demo draws it; now and then none at all."""
        if place.latitude is None or self.rng.random() < NO_GPS_SHARE:
            return None, None, None, None
        lat, lon, accuracy = fix_near(self.rng, place.latitude, place.longitude)
        latitude, longitude = round(lat, 6), round(lon, 6)
        distance = round(distance_m(latitude, longitude, place.latitude, place.longitude))
        return f"{latitude:.6f}", f"{longitude:.6f}", accuracy, distance

    def create_aspirations(self, count):
        rng = self.rng
        writer = self.writer
        # Each aspiration is heard at a random visit; sorted, their ids follow time like the visits'.
        heard_at = sorted(rng.randrange(len(self.visits)) for _ in range(count))
        aspiration_id = writer.next_id(Aspiration)
        for first in range(0, count, ASPIRATIONS_PER_CHUNK):
            aspirations, updates = [], []
            for index in heard_at[first : first + ASPIRATIONS_PER_CHUNK]:
                aspirations.append(self.aspiration_row(aspiration_id, self.visits[index], updates))
                aspiration_id += 1
            writer.insert(Aspiration, ASPIRATION_FIELDS, aspirations)
            writer.insert(AspirationUpdate, UPDATE_FIELDS, updates)

    def aspiration_row(self, aspiration_id, visit, updates):
        rng = self.rng
        visit_id, visited_at, officer, village, area, age = visit
        category = rng.choices(self.category_names, cum_weights=self.category_weights)[0]
        example = rng.randrange(len(demo_data.ASPIRATION_EXAMPLES[category]))
        kind, urgency, description = self.example(category, example, village)
        created_at = visited_at + timedelta(minutes=rng.randint(5, 25))
        anonymous = rng.random() < ANONYMOUS_SHARE
        name = phone = ""
        if not anonymous:
            name = rng.choice(demo_data.RESIDENT_NAMES)
            if rng.random() < 0.6:
                phone = f"{rng.choice(demo_data.PHONE_PREFIXES)}0000{rng.randint(0, 9999):04d}"
        weights = next(weights for limit, weights in self.status_weights if age <= limit)
        path = rng.choice(PLAIN_PATHS[rng.choices(STATUSES, cum_weights=weights)[0]])
        times = step_times(self.rng, start=created_at, count=len(path), now=self.now)
        path = path[: len(times)]
        status, forwarded_to, refusal_reason = Status.BARU.value, "", ""
        for step, at in zip(path, times):
            note, feedback = self.step_note(step, area, forwarded_to, anonymous)
            if step == Status.DITERUSKAN:
                forwarded_to = self.agency(category, example, village, area)
                note = note.format(agency=forwarded_to)
            elif step == Status.TIDAK_DAPAT:
                refusal_reason = note
            updates.append((aspiration_id, rng.choice(area.reviewers), at, status, step, note, feedback, "", False))
            status = step
        closed = status in Aspiration.CLOSED_STATUSES
        return (
            aspiration_id, visit_id, kind, self.categories[category], description, urgency, anonymous, name, phone,
            status, officer if path and path[0] == Status.DIVERIFIKASI else None,
            created_at.date() + self.due_after[urgency], forwarded_to,
            refusal_reason, 1 + len(path), area.unit, created_at, times[-1] if path else created_at,
            times[-1] if closed else None, self.new_code(), False, "", "",
        )

    def new_code(self):
        """A resident's code no other row has: at a million rows two random ones would likely meet once."""
        if self.codes is None:
            self.codes = set(Aspiration.objects.values_list("code", flat=True))
        code = new_code()
        while code in self.codes:
            code = new_code()
        self.codes.add(code)
        return code

    def example(self, category, index, village):
        """(kind, urgency, description) of an example, its desa filled in once per desa."""
        key = (category, index, village)
        if key not in self.texts:
            kind, urgency, text = demo_data.ASPIRATION_EXAMPLES[category][index][:3]
            self.texts[key] = (kind, urgency, text.format(desa=village))
        return self.texts[key]

    def step_note(self, status, area, forwarded_to, anonymous):
        """The note of a follow-up step and whether the resident heard back; {agency} is left to fill."""
        rng = self.rng
        if status == Status.TIDAK_DAPAT:
            note = rng.choice(self.refusal_reasons(area))
        elif status == Status.SELESAI and forwarded_to:
            note = demo_data.FORWARDED_DONE_NOTE.format(agency=forwarded_to)
        else:
            note = rng.choice(demo_data.STATUS_NOTES[status])
        feedback = status in Aspiration.CLOSED_STATUSES and not anonymous and rng.random() < 0.8
        if feedback:
            note = f"{note} {demo_data.FEEDBACK_NOTE}"
        return note, feedback

    def agency(self, category, index, village, area):
        key = ("agency", category, index, village)
        if key not in self.texts:
            agencies = demo_data.ASPIRATION_EXAMPLES[category][index][3]
            self.texts[key] = [demo_data.local_agency(name, kecamatan=area.name, desa=village) for name in agencies]
        return self.rng.choice(self.texts[key])

    def refusal_reasons(self, area):
        key = ("refusal", area.name)
        if key not in self.texts:
            self.texts[key] = demo_data.refusal_reasons(area.name)
        return self.texts[key]


def cumulative(weights):
    total, sums = 0, []
    for weight in weights:
        total += weight
        sums.append(total)
    return sums
