"""seed_bulk: years of activity across Kabupaten Sumbawa Barat, for performance work."""

import re
from collections import Counter
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min
from django.utils import timezone

from accounts.models import Role, Unit, User
from demo import data as demo_data
from patrols.models import Aspiration, AspirationUpdate, Patrol, Visit
from sectors.models import District, Sector, Village

from .factories import make_aspiration, make_visit

KSB_LATITUDES = (Decimal("-9.11"), Decimal("-8.45"))
KSB_LONGITUDES = (Decimal("116.70"), Decimal("117.10"))
KECAMATAN = {
    "52.07.01": "Jereweh",
    "52.07.02": "Taliwang",
    "52.07.03": "Seteluk",
    "52.07.04": "Sekongkang",
    "52.07.05": "Brang Rea",
    "52.07.06": "Poto Tano",
    "52.07.07": "Brang Ene",
    "52.07.08": "Maluk",
}
SMALL = {"visits": 120, "aspirations": 300, "sectors": 60, "officers": 12, "years": 3}


def seed_bulk(**options):
    out = StringIO()
    call_command("seed_bulk", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def activity():
    """What a seed decides, without ids or the exact minutes (which depend on the clock)."""
    return list(
        Aspiration.objects.order_by("pk").values_list(
            "visit__sector__name", "visit__officer__username", "category__name", "kind", "urgency", "status",
            "description",
        )
    )


def delete_activity():
    Aspiration.objects.all().delete()
    Visit.objects.all().delete()
    Patrol.objects.all().delete()


@pytest.fixture
def seeded(db):
    return seed_bulk(seed=7)


def test_it_creates_exactly_the_visits_and_aspirations_asked_for(seeded):
    assert Visit.objects.count() == SMALL["visits"]
    assert Aspiration.objects.count() == SMALL["aspirations"]
    assert AspirationUpdate.objects.exists()
    assert "patrols.Aspiration" in seeded


def test_it_spreads_over_the_eight_kecamatan_of_sumbawa_barat(seeded):
    assert dict(District.objects.values_list("code", "name")) == KECAMATAN
    assert Village.objects.filter(code="52.07.04.2003", name="Tongo").exists()
    assert Sector.objects.count() >= SMALL["sectors"]
    for sector in Sector.objects.all():
        assert KSB_LATITUDES[0] <= sector.latitude <= KSB_LATITUDES[1], sector
        assert KSB_LONGITUDES[0] <= sector.longitude <= KSB_LONGITUDES[1], sector
    visited = Visit.objects.values("sector__village__district").distinct().count()
    assert visited >= 4


def test_each_of_the_eight_polsek_has_officers_a_humas_and_rows_of_its_own(seeded):
    polsek = Unit.objects.filter(kind=Unit.Kind.POLSEK)
    assert polsek.count() == 8
    for unit in polsek:
        users = User.objects.filter(unit=unit)
        assert users.filter(groups__name=Role.PETUGAS).exists(), unit
        assert users.filter(groups__name=Role.HUMAS).exists(), unit
        assert District.objects.filter(unit=unit).count() == 1, unit
    assert Visit.objects.values("unit").distinct().count() == 8
    assert not Visit.objects.exclude(officer__unit=F("unit")).exists()


def test_it_keeps_the_demo_s_real_desa_of_maluk_and_jereweh(seeded):
    assert Village.objects.filter(code="52.07.08.2002", name="Benete").exists()
    assert set(Village.objects.filter(district__code="52.07.01").values_list("name", flat=True)) == {
        "Goa", "Belo", "Beru", "Dasan Anyar"
    }


def test_it_spreads_over_the_years_asked_for(seeded):
    span = Patrol.objects.aggregate(first=Min("started_at"), last=Max("started_at"))
    assert timezone.now() - span["first"] > timedelta(days=365 * 2)
    assert span["last"] < timezone.now()
    assert timezone.now() - span["last"] < timedelta(days=60)


def test_patrols_and_visits_hang_together(seeded):
    now = timezone.now()
    patrols = Patrol.objects.prefetch_related("members", "visits__sector", "visits__appeals")
    for patrol in patrols:
        team = {patrol.leader, *patrol.members.all()}
        assert patrol.leader not in patrol.members.all()
        assert patrol.started_at <= patrol.ended_at < now
        for visit in patrol.visits.all():
            assert visit.officer in team
            assert patrol.started_at < visit.visited_at < patrol.ended_at
            assert visit.summary and visit.appeals.all()
            assert visit.distance_from_sector_m == visit.compute_distance_from_sector()
            assert visit.sector.village.district.code in KECAMATAN
    assert Visit.objects.values("officer", "client_uuid").distinct().count() == Visit.objects.count()


def test_aspirations_follow_the_workflow(seeded):
    for aspiration in Aspiration.objects.select_related("visit").prefetch_related("updates"):
        status = Aspiration.Status.BARU
        updates = list(aspiration.updates.all())
        for update in updates:
            assert update.status_from == status
            assert update.status_to in Aspiration.TRANSITIONS[status], aspiration
            assert aspiration.created_at < update.created_at <= timezone.now()
            status = update.status_to
        assert status == aspiration.status
        assert aspiration.version == 1 + len(updates)
        assert aspiration.visit.visited_at < aspiration.created_at
        assert aspiration.due_date == Aspiration.due_date_for(aspiration.urgency, aspiration.created_at)
        assert aspiration.closed_at == (None if aspiration.is_open else updates[-1].created_at)
        assert aspiration.updated_at == (updates[-1].created_at if updates else aspiration.created_at)
        if aspiration.is_anonymous:
            assert not aspiration.resident_name and not aspiration.resident_phone
        if aspiration.resident_phone:
            assert re.fullmatch(r"08\d\d0000\d{4}", aspiration.resident_phone)


def test_follow_ups_happen_in_office_hours_and_name_an_agency_that_fits(seeded):
    times = [timezone.localtime(t) for t in AspirationUpdate.objects.values_list("created_at", flat=True)]
    assert times and all(t.weekday() < 5 and (8, 0) <= (t.hour, t.minute) <= (16, 0) for t in times)
    examples = [example for examples in demo_data.ASPIRATION_EXAMPLES.values() for example in examples]
    for description, desa, agency in Aspiration.objects.exclude(forwarded_to="").values_list(
        "description", "visit__sector__village__name", "forwarded_to"
    ):
        # seed_bulk names each kecamatan's own Polsek, Camat and Puskesmas where the demo says Sekongkang.
        fitting = [
            re.escape(name.format(desa=desa)).replace("Sekongkang", r"[\w ]+")
            for *_, text, agencies in examples
            if text.format(desa=desa) == description
            for name in agencies
        ]
        assert any(re.fullmatch(pattern, agency) for pattern in fitting), (description, agency)


def test_old_aspirations_are_closed_and_recent_ones_open(db):
    seed_bulk(visits=400, aspirations=1500, years=10, seed=3)
    statuses = Counter(Aspiration.objects.values_list("status", flat=True))
    open_ = Aspiration.objects.open()
    assert statuses["selesai"] > statuses["tidak_dapat"] > open_.count() > 0
    year_ago = timezone.now() - timedelta(days=365)
    assert open_.filter(created_at__gte=year_ago).count() > open_.filter(created_at__lt=year_ago).count()
    assert Aspiration.objects.overdue().exists()
    assert set(Aspiration.objects.values_list("kind", flat=True)) == set(Aspiration.Kind.values)
    assert set(Aspiration.objects.values_list("urgency", flat=True)) == set(Aspiration.Urgency.values)


def test_the_same_seed_gives_the_same_data(seeded):
    first = activity()
    counts = Counter(Aspiration.objects.values_list("status", "kind"))
    delete_activity()

    seed_bulk(seed=7)

    assert activity() == first
    assert Counter(Aspiration.objects.values_list("status", "kind")) == counts


def test_another_seed_gives_other_data(seeded):
    first = activity()
    delete_activity()

    seed_bulk(seed=8)

    assert activity() != first


def test_a_second_run_adds_to_the_first(seeded):
    seed_bulk(seed=7)

    assert Visit.objects.count() == 2 * SMALL["visits"]
    assert Aspiration.objects.count() == 2 * SMALL["aspirations"]
    assert District.objects.count() == 8


def test_it_keeps_what_was_there(officer):
    visit = make_visit(officer=officer)
    aspiration = make_aspiration(visit)

    seed_bulk(seed=7)

    assert Visit.objects.count() == SMALL["visits"] + 1
    assert Aspiration.objects.filter(visit__patrol=visit.patrol).get() == aspiration
    new_ids = Visit.objects.exclude(pk=visit.pk).values_list("pk", flat=True)
    assert min(new_ids) > visit.pk
    assert make_visit(officer=officer).pk > max(new_ids)


def test_it_spreads_aspirations_over_many_visits(seeded):
    per_visit = Visit.objects.annotate(n=Count("aspirations")).values_list("n", flat=True)
    assert sum(1 for n in per_visit if n) > SMALL["visits"] // 2


@pytest.mark.parametrize(
    "options, message",
    [
        ({"visits": 0, "aspirations": 5}, "isi --visits"),
        ({"visits": -1}, "tidak boleh negatif"),
        ({"years": 0}, "paling sedikit 1 tahun"),
    ],
)
def test_it_refuses_impossible_sizes(db, options, message):
    with pytest.raises(CommandError, match=message):
        seed_bulk(**options)
    assert not Visit.objects.exists()
