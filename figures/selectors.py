"""The kept figures as a viewer may read them (accounts.scope says which units): a few thousand rows
summed instead of the aspirations counted."""

from django.db.models import Q, Sum

from accounts.scope import within
from patrols.filters import tabs_from
from patrols.models import Aspiration

from .models import AspirationTally, AspirationUnitTally, CategoryWeekTally, KindWeekTally, SectorWeekTally

# The review list's filters the tallies can answer; any other (officer, assignee, dates, overdue, search)
# needs the aspirations themselves.
TALLY_FILTERS = frozenset({"kind", "category", "urgency", "village", "sector"})
IS_OPEN = Q(status__in=Aspiration.OPEN_STATUSES)


def tallies_for(viewer, *, by_sector):
    model = AspirationTally if by_sector else AspirationUnitTally
    return within(model.objects.all(), viewer, "unit_key")


def status_counts(viewer, *, kind=None, category=None, urgency=None, village=None, sector=None):
    """Like patrols.filters.status_counts: each status, OPEN ("terbuka") and "" (all)."""
    tallies = tallies_for(viewer, by_sector=bool(village or sector))
    for field, value in (("kind", kind), ("category", category), ("urgency", urgency), ("sector", sector)):
        if value:
            tallies = tallies.filter(**{field: value})
    if village:
        tallies = tallies.filter(sector__village=village)
    return tabs_from(dict(tallies.order_by().values_list("status").annotate(n=Sum("count"))))


def review_tab_counts(viewer, params):
    """The review list's tab counts (patrols.filters.TAB_COUNTERS), or None for filters the tallies lack."""
    if not set(params) <= TALLY_FILTERS:
        return None
    return status_counts(viewer, **params)


def per_sector(viewer, *, category=None, status=None, placed_only=False):
    """{sector id: {"total", "open", "urgent"}} of the viewer's aspirations; `placed_only`: only sectors with a
    position (the map's)."""
    tallies = tallies_for(viewer, by_sector=True)
    if category:
        tallies = tallies.filter(category=category)
    if status:
        tallies = tallies.filter(status=status)
    if placed_only:
        tallies = tallies.filter(sector__latitude__isnull=False)
    rows = (
        tallies.order_by()
        .values_list("sector")
        .annotate(
            total=Sum("count"),
            open=Sum("count", filter=IS_OPEN, default=0),
            urgent=Sum("count", filter=IS_OPEN & Q(urgency=Aspiration.Urgency.MENDESAK), default=0),
        )
    )
    return {
        sector: {"total": total, "open": open_, "urgent": urgent}
        for sector, total, open_, urgent in rows
        if total
    }


def weeks_of(model, viewer, first_monday, until_monday):
    """The viewer's week tallies of `model` from the week of `first_monday` up to, not including, `until_monday`."""
    return within(model.objects.filter(week__gte=first_monday, week__lt=until_monday), viewer, "unit_key")


def by_week_kind_status(viewer, first_monday, until_monday):
    """{(monday, kind, status): count} of the aspirations recorded in those weeks."""
    rows = (
        weeks_of(KindWeekTally, viewer, first_monday, until_monday)
        .order_by()
        .values_list("week", "kind", "status")
        .annotate(n=Sum("count"))
    )
    return {(week, kind, status): n for week, kind, status, n in rows if n}


def summed_by(model, label, viewer, first_monday, until_monday):
    """[(label, count)] of a week tally over those weeks, largest first."""
    rows = (
        weeks_of(model, viewer, first_monday, until_monday)
        .order_by()
        .values_list(label)
        .annotate(n=Sum("count"))
        .order_by("-n", label)
    )
    return [(name, n) for name, n in rows if n and name is not None]


def by_category(viewer, first_monday, until_monday):
    """[(category name, count)] of the aspirations recorded in those weeks, largest first."""
    return summed_by(CategoryWeekTally, "category__name", viewer, first_monday, until_monday)


def by_village(viewer, first_monday, until_monday):
    """[(desa name, count)] of the aspirations recorded in those weeks, largest first."""
    return summed_by(SectorWeekTally, "sector__village__name", viewer, first_monday, until_monday)
