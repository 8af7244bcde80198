"""The week tallies (figures.KindWeekTally, CategoryWeekTally, SectorWeekTally): exact after any write, weeks cut
at Monday 00.00 WITA, and what the dashboard and the weekly report show equals a fresh count of the aspirations."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.urls import reverse
from django.utils import timezone

from figures import checks
from figures import selectors as tallies
from figures.models import CategoryWeekTally, KindWeekTally, SectorWeekTally
from patrols.models import Aspiration, Visit
from reports import stats

from .factories import make_aspiration, make_category, make_patrol, make_sector, make_visit

WITA = ZoneInfo("Asia/Makassar")
WEEK_MODELS = (KindWeekTally, CategoryWeekTally, SectorWeekTally)
pytestmark = pytest.mark.django_db


def week_drift():
    """{model: (stored, expected)} of each week tally that differs from a fresh count."""
    found = {}
    for model in WEEK_MODELS:
        stored, expected = checks.stored(model), checks.expected(model)
        if stored != expected:
            found[model] = (stored, expected)
    return found


def at(*args):
    return timezone.make_aware(datetime(*args), WITA)


def test_a_week_runs_from_monday_midnight_wita(officer):
    visit = make_visit(make_patrol(officer), sector=make_sector())
    category = make_category()
    # Sunday 23.30 WITA is Sunday 15.30 UTC; Monday 00.30 WITA is still Sunday in UTC.
    make_aspiration(visit, category=category, created_at=at(2026, 11, 29, 23, 30))
    make_aspiration(visit, category=category, created_at=at(2026, 11, 30, 0, 30))
    weeks = {row.week: row.count for row in KindWeekTally.objects.all()}
    assert weeks == {datetime(2026, 11, 23).date(): 1, datetime(2026, 11, 30).date(): 1}
    assert week_drift() == {}


def random_writes(rng, officer, humas, steps):
    sectors = [make_sector(name=f"Sektor {n}") for n in range(4)]
    categories = [make_category(f"Kategori {n}") for n in range(3)]
    patrol = make_patrol(officer)
    start = timezone.now() - timedelta(weeks=6)
    for _ in range(steps):
        action = rng.choice(("file", "file", "status", "move", "delete", "update", "recategorise", "bulk"))
        aspirations = list(Aspiration.objects.order_by("pk"))
        if action == "file" or not aspirations:
            visit = make_visit(patrol, sector=rng.choice(sectors))
            for _ in range(rng.randint(1, 3)):
                make_aspiration(
                    visit,
                    category=rng.choice(categories),
                    kind=rng.choice(Aspiration.Kind.values),
                    created_at=start + timedelta(hours=rng.randint(0, 6 * 7 * 24)),
                )
        elif action == "status":
            aspiration = rng.choice(aspirations)
            aspiration.status = rng.choice([Aspiration.Status.DIVERIFIKASI, Aspiration.Status.DITINDAKLANJUTI])
            aspiration.save()
        elif action == "move":
            visit = rng.choice(list(Visit.objects.all()))
            Visit.objects.filter(pk=visit.pk).update(sector=rng.choice(sectors))
        elif action == "delete":
            rng.choice(aspirations).delete()
        elif action == "update":
            # A set-based change of the week: bypasses save() and any signal.
            chosen = [a.pk for a in rng.sample(aspirations, min(3, len(aspirations)))]
            Aspiration.objects.filter(pk__in=chosen).update(created_at=start + timedelta(days=rng.randint(0, 41)))
        elif action == "recategorise":
            Aspiration.objects.filter(pk=rng.choice(aspirations).pk).update(category=rng.choice(categories))
        else:
            visit = make_visit(patrol, sector=rng.choice(sectors))
            Aspiration.objects.bulk_create(
                Aspiration(
                    visit=visit,
                    unit_id=visit.unit_id,
                    category=rng.choice(categories),
                    description="Diimpor.",
                    created_at=start + timedelta(hours=rng.randint(0, 1000)),
                )
                for _ in range(rng.randint(1, 4))
            )


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_leave_no_drift(officer, humas, seed):
    random_writes(random.Random(seed), officer, humas, steps=40)
    assert Aspiration.objects.exists()
    assert week_drift() == {}


def test_verify_figures_repairs_a_week_tally(officer, humas):
    random_writes(random.Random(7), officer, humas, steps=15)
    KindWeekTally.objects.filter(pk=KindWeekTally.objects.order_by("pk").first().pk).update(count=999)
    SectorWeekTally.objects.all().delete()
    assert set(week_drift()) == {KindWeekTally, SectorWeekTally}
    checks.rebuild()
    assert week_drift() == {}


def fresh(field, since, until):
    rows = (
        Aspiration.objects.filter(created_at__gte=stats.local_midnight(since), created_at__lt=stats.local_midnight(until))
        .values_list(field)
        .annotate(n=Count("pk"))
        .order_by("-n", field)
    )
    return [(label, n) for label, n in rows]


def test_the_dashboard_shows_fresh_counts_right_after_a_write(reviewer, officer, humas, settings):
    settings.PAGE_CACHE = False
    random_writes(random.Random(11), officer, humas, steps=30)
    today = timezone.localdate()
    monday = stats.monday(today)
    period_start = monday - timedelta(weeks=11)
    visit = make_visit(make_patrol(officer), sector=make_sector(name="Sektor baru"))
    make_aspiration(visit, category=make_category("Kategori baru"), kind=Aspiration.Kind.KELUHAN)

    context = reviewer.get(reverse("dashboard")).context
    next_week = monday + timedelta(weeks=1)
    assert context["figures"]["new_this_week"] == len(fresh("pk", monday, next_week))
    assert context["figures"]["period_total"] == sum(n for _, n in fresh("kind", period_start, next_week))
    assert tallies.by_category(humas, period_start, next_week) == fresh("category__name", period_start, next_week)
    assert tallies.by_village(humas, period_start, next_week) == fresh(
        "visit__sector__village__name", period_start, next_week
    )
    by_week = (
        Aspiration.objects.filter(created_at__gte=stats.local_midnight(period_start))
        .annotate(week=TruncWeek("created_at"))
        .values_list("week", "kind")
        .annotate(n=Count("pk"))
    )
    expected = {(timezone.localtime(week).date(), kind): n for week, kind, n in by_week}
    assert stats.weekly_counts_by_kind(tallies.by_week_kind_status(humas, period_start, next_week)) == expected


def test_the_weekly_report_counts_the_week_it_shows(reviewer, officer):
    visit = make_visit(make_patrol(officer), sector=make_sector())
    category = make_category()
    make_aspiration(visit, category=category, created_at=at(2026, 11, 29, 23, 30))
    for hour in (0, 9):
        make_aspiration(visit, category=category, kind=Aspiration.Kind.KELUHAN, created_at=at(2026, 11, 30, hour, 30))
    context = reviewer.get(reverse("weekly_report"), {"week": "2026-W49"}).context
    assert context["new_total"] == 2
    assert context["new_by_kind"] == [("Keluhan", 2)]
