"""seed_demo: the Polres Sumbawa Barat demo a newcomer sees after `make run`: Polsek Sekongkang, Maluk, Jereweh."""

import json
import random
import re
from datetime import datetime, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth.password_validation import validate_password
from django.core.management import CommandError, call_command
from django.db.models import F
from django.utils import timezone

from accounts.models import Role, Unit, User
from demo import data as demo_data
from demo.activity import step_times
from patrols.models import AppealTopic, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit
from sectors.models import District, Sector, Village

from .factories import PASSWORD, make_user
from .shared_data import shared_file

DESA = {
    "52.07.04.2001": "Sekongkang Atas",
    "52.07.04.2002": "Sekongkang Bawah",
    "52.07.04.2003": "Tongo",
    "52.07.04.2004": "Ai Kangkung",
    "52.07.04.2005": "Tatar",
    "52.07.04.2006": "Talonang Baru",
    "52.07.04.2007": "Kemuning",
}
NEIGHBOURS_DESA = {
    "52.07.08.2001": "Maluk",
    "52.07.08.2002": "Benete",
    "52.07.08.2003": "Bukit Damai",
    "52.07.08.2004": "Mantun",
    "52.07.08.2005": "Pasir Putih",
    "52.07.01.2001": "Goa",
    "52.07.01.2002": "Belo",
    "52.07.01.2003": "Beru",
    "52.07.01.2009": "Dasan Anyar",
}
KECAMATAN = {"52.07.04": "polsek-sekongkang", "52.07.08": "polsek-maluk", "52.07.01": "polsek-jereweh"}
SHARED_BOUNDARIES = shared_file("sumbawa-barat-boundaries.geojson")
# The kecamatan's bounding box, from the desa polygons.
LATITUDES = (Decimal("-9.1097"), Decimal("-8.9402"))
LONGITUDES = (Decimal("116.7151"), Decimal("117.0558"))


def seed(*args):
    out = StringIO()
    call_command("seed_demo", "--force", *args, stdout=out)
    return out.getvalue()


def printed_accounts(output):
    """(username, role, name, password) for each row of the printed account table."""
    table = output.split("Akun demo:\n", 1)[1].splitlines()
    rows = [re.split(r"\s{2,}", line.strip()) for line in table[1:]]
    return [row for row in rows if len(row) == 5]


def in_kecamatan(lat, lon):
    return LATITUDES[0] <= lat <= LATITUDES[1] and LONGITUDES[0] <= lon <= LONGITUDES[1]


def model_counts():
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def output(db):
    return seed()


def test_the_demo_vocabulary_refers_to_names_it_defines():
    sectors = {name for name, *_ in demo_data.SECTORS}
    topics = {name for name, _ in demo_data.APPEAL_TOPICS}
    categories = {name for name, _ in demo_data.ASPIRATION_CATEGORIES}
    assert set(demo_data.APPEAL_FOCUS) <= sectors
    assert {warning.sector for warning in demo_data.EARLY_WARNINGS} <= sectors
    assert {warning.aspiration[0] for warning in demo_data.EARLY_WARNINGS} <= categories
    focus = {topic for names in demo_data.APPEAL_FOCUS.values() for topic in names}
    assert focus | {topic for names in demo_data.APPEALS_BY_KIND.values() for topic in names} <= topics
    assert set(demo_data.CATEGORY_WEIGHTS) == set(demo_data.ASPIRATION_EXAMPLES)
    assert set(demo_data.CATEGORY_WEIGHTS) == categories


def test_it_creates_three_kecamatan_each_covered_by_its_polsek_with_their_desa(output):
    districts = District.objects.select_related("unit__parent")
    assert {d.code: d.unit.code for d in districts} == KECAMATAN
    assert {d.unit.parent.name for d in districts} == {"Polres Sumbawa Barat"}
    assert {d.unit.name for d in districts} == {"Polsek Sekongkang", "Polsek Maluk", "Polsek Jereweh"}
    villages = Village.objects.select_related("district")
    assert {v.code: v.name for v in villages} == {**DESA, **NEIGHBOURS_DESA}
    for village in villages:
        assert village.code.startswith(village.district.code + "."), village
        if village.code in DESA:
            assert in_kecamatan(village.label_latitude, village.label_longitude), village


def test_it_places_sectors_of_every_kind_inside_sekongkang_and_a_handful_in_each_neighbour(output):
    sectors = Sector.objects.all()
    sekongkang = sectors.filter(village__district__code="52.07.04")
    assert sekongkang.count() >= 30
    assert set(sekongkang.values_list("kind", flat=True)) == set(Sector.Kind.values)
    for sector in sekongkang:
        assert in_kecamatan(sector.latitude, sector.longitude), sector
        assert sector.village.code in DESA
    for code in ("52.07.08", "52.07.01"):
        assert 5 <= sectors.filter(village__district__code=code).count() < sekongkang.count()


def inside_ring(lon, lat, ring):
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > lat) != (y2 > lat) and lon < (x2 - x1) * (lat - y1) / (y2 - y1) + x1:
            inside = not inside
    return inside


def inside(lon, lat, geometry):
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return any(
        inside_ring(lon, lat, outer) and not any(inside_ring(lon, lat, hole) for hole in holes)
        for outer, *holes in polygons
    )


def test_the_neighbours_desa_points_and_sectors_lie_inside_their_desa(output):
    if SHARED_BOUNDARIES is None:
        pytest.skip("sumbawa-barat-boundaries.geojson not found: no shared data folder next to this checkout")
    features = json.loads(SHARED_BOUNDARIES.read_text())["features"]
    outlines = {f["properties"]["kode"]: f["geometry"] for f in features if f["properties"]["level"] == "desa"}
    for village in Village.objects.filter(code__in=NEIGHBOURS_DESA):
        assert inside(float(village.label_longitude), float(village.label_latitude), outlines[village.code]), village
    sectors = Sector.objects.filter(village__code__in=NEIGHBOURS_DESA).select_related("village")
    assert sectors
    for sector in sectors:
        assert inside(float(sector.longitude), float(sector.latitude), outlines[sector.village.code]), sector


def test_it_creates_the_appeal_topics_and_aspiration_categories(output):
    topics = set(AppealTopic.objects.values_list("name", flat=True))
    assert {"Narkoba", "PETI", "Judi online", "Tidak main hakim sendiri", "Kebakaran hutan dan lahan"} <= topics
    assert AspirationCategory.objects.count() == 11
    assert AspirationCategory.objects.order_by("order").first().name == "Keamanan lingkungan"


def test_demo_accounts_log_in_with_the_printed_password(output, client):
    accounts = printed_accounts(output)
    assert {role for _, role, _, _, _ in accounts} == {str(role.label) for role in Role}
    for username, role, name, password, _ in accounts:
        user = User.objects.get(username=username)
        assert user.display_name == name
        assert list(user.groups.values_list("name", flat=True)) == [role]
        validate_password(password, user)
        response = client.post("/accounts/login/", {"username": username, "password": password})
        assert response.status_code == 302, username
        client.logout()
    assert User.objects.get(username="kapolsek").rank == "AKP"
    assert User.objects.get(username="kapolsek").groups.filter(name=Role.HUMAS).exists()
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.groups.filter(name=Role.ADMIN).exists()


def test_every_polsek_has_its_team_and_the_polres_its_own(output):
    users = User.objects.select_related("unit")

    def team(unit, role):
        return list(users.filter(unit__name=unit, groups__name=role).values_list("username", flat=True))

    assert set(team("Polres Sumbawa Barat", Role.HUMAS)) == {"humas", "kapolres"}
    for polsek in ("Polsek Sekongkang", "Polsek Maluk", "Polsek Jereweh"):
        assert len(team(polsek, Role.PETUGAS)) >= 2, polsek
        humas = users.filter(unit__name=polsek, groups__name=Role.HUMAS)
        assert {u.position.split()[0] for u in humas} == {"Kapolsek", "Kasi"}, polsek
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser and admin.unit.name == "Polsek Sekongkang"
    superuser = User.objects.get(is_superuser=True)
    assert superuser.unit is None


def test_it_prints_what_each_account_sees(output):
    sees = {username: seen for username, *_, seen in printed_accounts(output)}
    assert sees["maluk.kapolsek"] == "melihat: Polsek Maluk"
    assert sees["petugas"] == "melihat: Polsek Sekongkang"
    assert sees["jereweh.humas"] == "melihat: Polsek Jereweh"
    assert sees["humas"] == sees["kapolres"]
    assert sees["humas"].startswith("melihat: semua Polsek Polres Sumbawa Barat")
    for polsek in ("Polsek Jereweh", "Polsek Maluk", "Polsek Sekongkang"):
        assert polsek in sees["humas"]
    assert Unit.objects.filter(kind=Unit.Kind.POLSEK).count() == 3


def test_it_generates_a_month_of_patrols_ending_today(output):
    now = timezone.now()
    patrols = Patrol.objects.prefetch_related("members", "visits__appeals")
    sekongkang = patrols.filter(leader__unit__code="polsek-sekongkang")
    assert 25 <= len(sekongkang) <= 36
    for neighbour in ("polsek-maluk", "polsek-jereweh"):
        assert 3 <= patrols.filter(leader__unit__code=neighbour).count() < len(sekongkang)
    under_way = [patrol for patrol in patrols if patrol.is_under_way]
    assert len(under_way) == 1
    for patrol in patrols:
        assert now - timedelta(days=31) < patrol.started_at < now
        assert patrol.ended_at is None or patrol.ended_at < now
        assert patrol.leader.is_officer and patrol.leader not in patrol.members.all()
        assert {member.unit_id for member in patrol.members.all()} <= {patrol.leader.unit_id}
        visits = patrol.visits.all()
        assert 1 <= len(visits) <= 5
        for visit in visits:
            assert visit.officer == patrol.leader or visit.officer in patrol.members.all()
            assert patrol.started_at < visit.visited_at < now
            assert visit.appeals.all() and visit.summary
            assert visit.unit_id == patrol.leader.unit_id == visit.sector.village.district.unit_id
    visits = Visit.objects.all()
    assert {visit.situation for visit in visits} == set(Visit.Situation.values)
    far = [visit for visit in visits if visit.is_far_from_sector]
    assert 1 <= len(far) <= len(visits) // 10
    warnings = visits.filter(early_warning=True)
    assert warnings.count() >= 3
    assert all(visit.early_warning_note for visit in warnings)
    assert warnings.filter(sector__village__name="Tatar", early_warning_note__icontains="sengketa lahan").exists()
    assert warnings.filter(sector__name__icontains="Tongo Loka", early_warning_note__icontains="PETI").exists()


def test_aspirations_follow_the_workflow(output):
    aspirations = Aspiration.objects.prefetch_related("updates")
    assert 60 <= aspirations.filter(unit__code="polsek-sekongkang").count() <= 90
    assert aspirations.filter(unit__code="polsek-maluk").exists()
    assert aspirations.filter(unit__code="polsek-jereweh").exists()
    assert len({a.status for a in aspirations}) >= 5
    for aspiration in aspirations:
        updates = list(aspiration.updates.all())
        status = Aspiration.Status.BARU
        for update in updates:
            assert update.status_from == status
            assert update.status_to in Aspiration.TRANSITIONS[status], aspiration
            assert aspiration.created_at < update.created_at
            status = update.status_to
        assert status == aspiration.status
        assert aspiration.version == 1 + len(updates)
        assert aspiration.due_date == Aspiration.due_date_for(aspiration.urgency, aspiration.created_at)
        if aspiration.is_open:
            assert aspiration.closed_at is None
        else:
            assert aspiration.closed_at == updates[-1].created_at
        if aspiration.status == Aspiration.Status.TIDAK_DAPAT:
            assert aspiration.refusal_reason
        if aspiration.status == Aspiration.Status.DITERUSKAN:
            assert aspiration.forwarded_to
        if aspiration.is_anonymous:
            assert not aspiration.resident_name and not aspiration.resident_phone
        if aspiration.resident_phone:
            assert re.fullmatch(r"08\d\d0000\d{4}", aspiration.resident_phone)
    assert Aspiration.objects.overdue().exists()
    assert Aspiration.objects.filter(is_anonymous=True).exists()
    assert AspirationUpdate.objects.filter(feedback_delivered=True).exists()


def test_running_twice_changes_nothing(output):
    counts = model_counts()
    passwords = dict(User.objects.values_list("username", "password"))

    again = seed()

    assert model_counts() == counts
    assert dict(User.objects.values_list("username", "password")) == passwords
    assert "dilewati" in again
    assert printed_accounts(again) == printed_accounts(output)


def test_the_activity_is_the_same_on_every_seed(output):
    def activity():
        return list(Aspiration.objects.order_by("pk").values_list("visit__sector__name", "status", "description"))

    first = activity()
    Aspiration.objects.all().delete()
    Visit.objects.all().delete()
    Patrol.objects.all().delete()

    seed()

    assert activity() == first


def test_it_leaves_existing_accounts_alone(db):
    make_user("petugas", Role.PETUGAS, first_name="Akun", last_name="Lama")

    output = seed("--no-activity")

    user = User.objects.get(username="petugas")
    assert user.check_password(PASSWORD) and user.first_name == "Akun"
    assert "tidak diubah" in output
    assert not Patrol.objects.exists()


@pytest.mark.django_db
def test_demo_reports_are_filed_when_the_visit_happened():
    call_command("seed_demo", "--force", stdout=StringIO())
    assert not Visit.objects.exclude(created_at=F("visited_at")).exists()
    old = Visit.objects.filter(visited_at__lt=timezone.now() - timedelta(days=2)).first()
    assert old.editable_until < timezone.now()


class TestOnAServer:
    """The demo accounts share a password written in the source code: with DEBUG off, nobody should get them by mistake."""

    def test_with_debug_off_it_refuses_and_creates_nothing(self, db, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError, match="DEBUG=0.*--force"):
            call_command("seed_demo", "--no-activity", stdout=StringIO())
        assert not User.objects.filter(username="admin").exists() and not Village.objects.exists()

    def test_forced_it_runs_with_debug_off(self, db, settings):
        settings.DEBUG = False
        seed("--no-activity")
        assert User.objects.get(username="admin").is_staff

    def test_with_debug_on_it_needs_no_force(self, db, settings):
        settings.DEBUG = True
        call_command("seed_demo", "--no-activity", stdout=StringIO())
        assert User.objects.filter(username="admin").exists()


def in_office_hours(moment):
    local = timezone.localtime(moment)
    opens, closes = demo_data.OFFICE_OPENS, demo_data.OFFICE_CLOSES
    return local.weekday() < 5 and opens * 60 <= local.hour * 60 + local.minute <= closes * 60


def test_follow_ups_happen_in_office_hours(output):
    times = list(AspirationUpdate.objects.values_list("created_at", flat=True))
    assert len(times) > 100
    assert [timezone.localtime(t) for t in times if not in_office_hours(t)] == []


@pytest.mark.parametrize("seed_value", range(40))
def test_step_times_fall_in_office_hours_in_order_before_now(seed_value):
    rng = random.Random(seed_value)
    now = timezone.now() - timedelta(minutes=rng.randint(0, 60 * 24 * 7))
    start = now - timedelta(minutes=rng.randint(1, 60 * 24 * 20))
    times = step_times(rng, start=start, count=3, now=now)
    assert times == sorted(times) and all(start < t < now for t in times)
    assert all(in_office_hours(t) for t in times)


def test_a_weekend_gives_the_office_no_time_to_follow_up():
    saturday_night = timezone.make_aware(datetime(2026, 11, 28, 21, 0))
    sunday = timezone.make_aware(datetime(2026, 11, 29, 18, 0))
    assert step_times(random.Random(1), start=saturday_night, count=2, now=sunday) == []
    monday = timezone.make_aware(datetime(2026, 11, 30, 9, 30))
    assert len(step_times(random.Random(1), start=saturday_night, count=2, now=monday)) == 2


def agencies_by_description():
    """{(description, desa): agencies}: each demo description as written in every desa, and where it may go."""
    examples = [example for examples in demo_data.ASPIRATION_EXAMPLES.values() for example in examples]
    examples += [warning.aspiration[1:] for warning in demo_data.EARLY_WARNINGS]
    fits = {}
    for polsek in demo_data.POLSEK:
        # The examples name Sekongkang's Camat, Polsek and Puskesmas; a neighbour's aspiration goes to its own.
        kecamatan = polsek.district["name"]
        for _, desa, *_ in polsek.villages:
            for *_, description, agencies in examples:
                fits[description.format(desa=desa), desa] = {
                    agency.replace("Sekongkang", kecamatan).format(desa=desa) for agency in agencies
                }
    return fits


def test_a_forwarded_aspiration_goes_to_an_agency_that_fits_it(output):
    fits = agencies_by_description()
    forwarded = Aspiration.objects.exclude(forwarded_to="").values_list(
        "description", "visit__sector__village__name", "forwarded_to"
    )
    assert len(forwarded) > 5
    assert [row for row in forwarded if row[2] not in fits[row[:2]]] == []
    road = "Jalan poros menuju Desa Tongo berlubang"
    assert {frozenset(agencies) for (text, _), agencies in fits.items() if text.startswith(road)} == {
        frozenset({"Dinas PUPR KSB"})
    }
