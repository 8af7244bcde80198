"""Figures for the dashboard and the weekly report, each a bounded number of queries, over what the
viewer may read (the selectors)."""

from collections import Counter
from datetime import datetime, time, timedelta

from django.db import connection
from django.db.models import Aggregate, Count, DurationField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from accounts.models import User
from patrols.models import Aspiration, Visit
from patrols.selectors import aspirations_for, updates_for, visits_for
from sectors.selectors import sectors_for

Status = Aspiration.Status


def monday(day):
    return day - timedelta(days=day.weekday())


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def aspiration_figures(viewer, weeks, *, week_start, today):
    """New this week, open, overdue, and how the period's aspirations were resolved: the period from `weeks` (the
    week tallies, figures.selectors.by_week_kind_status), open and overdue from the open aspirations (a partial
    index of about 1% of them)."""
    open_ = aspirations_for(viewer).open().aggregate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
    return {
        "new_this_week": sum(n for (week, _kind, _status), n in weeks.items() if week == week_start),
        **open_,
        "period_total": sum(weeks.values()),
        "period_resolved": sum(n for (_week, _kind, status), n in weeks.items() if status == Status.SELESAI),
    }


class Median(Aggregate):
    """PostgreSQL's exact median, the mean of the middle two of an even count."""

    function = "PERCENTILE_CONT"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def median_resolution(queryset):
    """Median time from recording to closing, for resolved aspirations in `queryset`: one query.

    The database sorts the durations and returns only the middle: PostgreSQL in one aggregate; SQLite, which has
    none, numbers the rows in order and returns the middle one or two.
    """
    duration = ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField())
    resolved = queryset.filter(status=Status.SELESAI, closed_at__isnull=False)
    if connection.vendor == "postgresql":
        return resolved.aggregate(median=Median(duration))["median"]
    middle = list(
        resolved.annotate(
            duration=duration,
            position=Window(RowNumber(), order_by=[duration.asc(), F("pk").asc()]),
            total=Window(Count("pk")),
        )
        # Odd: (n+1)/2 twice; even: n/2 and n/2+1 (integer division).
        .filter(Q(position=(F("total") + 1) / 2) | Q(position=(F("total") + 2) / 2))
        .values_list("duration", flat=True)
    )
    return sum(middle, timedelta()) / len(middle) if middle else None


def days(duration):
    return None if duration is None else duration.total_seconds() / 86400


def sectors_not_visited(viewer, since):
    """The viewer's active sectors without a visit since `since`, the longest unvisited first."""
    # One step down the (sector, -visited_at) index per sector, rather than Max() over every visit.
    last_visit = visits_for(viewer).filter(sector=OuterRef("pk")).order_by("-visited_at").values("visited_at")[:1]
    return (
        sectors_for(viewer)
        .active()
        .select_related("village")
        .annotate(last_visit=Subquery(last_visit))
        .filter(Q(last_visit__lt=since) | Q(last_visit__isnull=True))
        .order_by(F("last_visit").asc(nulls_first=True), "name")
    )


def early_warnings(viewer, since, until=None, *, rawan=True):
    """Visits flagged with an early warning and, unless `rawan` is False, those whose situation was rawan
    (the partial index visit_warning_idx serves both)."""
    flagged = Q(early_warning=True)
    if rawan:
        flagged |= Q(situation=Visit.Situation.RAWAN)
    visits = visits_for(viewer).filter(flagged, visited_at__gte=since)
    if until is not None:
        visits = visits.filter(visited_at__lt=until)
    return visits.select_related("sector__village", "officer").order_by("-visited_at")


def weekly_counts_by_kind(weeks):
    """{(monday, kind): count} from `weeks` (the week tallies)."""
    counts = Counter()
    for (week, kind, _status), n in weeks.items():
        counts[week, kind] += n
    return dict(counts)


def count_by(queryset, field):
    """[(label, count)] of `queryset` grouped by `field`, largest first."""
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk")).order_by("-n", field)
    return [(label, n) for label, n in rows if label is not None]


def visits_per_officer(visits):
    """[(officer's rank and name, visits)], most visits first: one query."""
    names = ("officer__rank", "officer__first_name", "officer__last_name", "officer__username")
    rows = visits.order_by().values_list("officer", *names).annotate(n=Count("pk")).order_by("-n", "officer")
    return [
        (User.name_of(rank, first, last, username), n)
        for _, rank, first, last, username, n in rows
    ]


def recent_updates(viewer, limit):
    updates = updates_for(viewer).select_related("author", "aspiration__category")
    return updates.order_by("-created_at", "-pk")[:limit]


def waiting_on_agencies(viewer):
    """The viewer's open forwarded aspirations per agency, one row each whatever name it was typed under, with
    the oldest due date; rows forwarded before agencies were a list keep their typed name."""
    return (
        aspirations_for(viewer)
        .filter(status=Status.DITERUSKAN)
        .values(name=Coalesce("agency__name", "forwarded_to"))
        .annotate(n=Count("pk"), oldest_due=Min("due_date"))
        .order_by("-n", "name")
    )
