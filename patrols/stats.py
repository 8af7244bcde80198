"""Figures for the dashboard and the weekly report, each a bounded number of queries."""

from datetime import datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, TruncWeek
from django.utils import timezone

from accounts.models import User
from sectors.models import Sector

from .models import Aspiration, AspirationUpdate, Visit

Status = Aspiration.Status


def monday(day):
    return day - timedelta(days=day.weekday())


def local_midnight(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def aspiration_figures(*, week_start, period_start, today):
    """New this week, open, overdue, and how the period's aspirations were resolved: one query."""
    since_week, since_period = local_midnight(week_start), local_midnight(period_start)
    in_period = Q(created_at__gte=since_period)
    is_open = Q(status__in=Aspiration.OPEN_STATUSES)
    # Only the period's rows and the open ones (two indexes) are read, not the whole history:
    # the week lies inside the period.
    return Aspiration.objects.filter(in_period | is_open).aggregate(
        new_this_week=Count("pk", filter=Q(created_at__gte=since_week)),
        open=Count("pk", filter=is_open),
        overdue=Count("pk", filter=is_open & Q(due_date__lt=today)),
        period_total=Count("pk", filter=in_period),
        period_resolved=Count("pk", filter=in_period & Q(status=Status.SELESAI)),
        period_closed=Count("pk", filter=in_period & Q(status=Status.SELESAI, closed_at__isnull=False)),
    )


def median_resolution(queryset, count=None):
    """Median time from recording to closing, for resolved aspirations in `queryset`.

    The database sorts the durations and returns only the middle one or two,
    so the cost does not grow with what Python holds. `count`, when the caller
    has it already, is the number of those resolved aspirations.
    """
    resolved = queryset.filter(status=Status.SELESAI, closed_at__isnull=False)
    if count is None:
        count = resolved.count()
    if not count:
        return None
    durations = (
        resolved.annotate(duration=ExpressionWrapper(F("closed_at") - F("created_at"), output_field=DurationField()))
        .order_by("duration")
        .values_list("duration", flat=True)
    )
    middle = list(durations[(count - 1) // 2 : count // 2 + 1])
    return sum(middle, timedelta()) / len(middle)


def days(duration):
    return None if duration is None else duration.total_seconds() / 86400


def sectors_not_visited(since):
    """Active sectors without a visit since `since`, the longest unvisited first."""
    # One step down the (sector, -visited_at) index per sector, rather than Max() over every visit.
    last_visit = Visit.objects.filter(sector=OuterRef("pk")).order_by("-visited_at").values("visited_at")[:1]
    return (
        Sector.objects.active()
        .select_related("village")
        .annotate(last_visit=Subquery(last_visit))
        .filter(Q(last_visit__lt=since) | Q(last_visit__isnull=True))
        .order_by(F("last_visit").asc(nulls_first=True), "name")
    )


def early_warnings(since, until=None, *, rawan=True):
    """Visits flagged with an early warning and, unless `rawan` is False, those whose situation was rawan
    (the partial index visit_warning_idx serves both)."""
    flagged = Q(early_warning=True)
    if rawan:
        flagged |= Q(situation=Visit.Situation.RAWAN)
    visits = Visit.objects.filter(flagged, visited_at__gte=since)
    if until is not None:
        visits = visits.filter(visited_at__lt=until)
    return visits.select_related("sector__village", "officer").order_by("-visited_at")


def weekly_counts_by_kind(first_monday, weeks):
    """{(monday, kind): count} for aspirations recorded in `weeks` weeks from `first_monday`."""
    since = local_midnight(first_monday)
    until = local_midnight(first_monday + timedelta(weeks=weeks))
    rows = (
        Aspiration.objects.filter(created_at__gte=since, created_at__lt=until)
        .annotate(week=TruncWeek("created_at"))
        .values_list("week", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {(timezone.localtime(week).date(), kind): n for week, kind, n in rows}


def count_by(queryset, field):
    """[(label, count)] of `queryset` grouped by `field`, largest first."""
    rows = queryset.order_by().values_list(field).annotate(n=Count("pk")).order_by("-n", field)
    return [(label, n) for label, n in rows if label is not None]


def visits_per_officer(visits):
    """[(officer's rank and name, visits)], most visits first: one query."""
    names = ("officer__rank", "officer__first_name", "officer__last_name", "officer__username")
    rows = visits.order_by().values_list("officer", *names).annotate(n=Count("pk")).order_by("-n", "officer")
    return [
        (User(rank=rank, first_name=first, last_name=last, username=username).display_name, n)
        for _, rank, first, last, username, n in rows
    ]


def recent_updates(limit):
    updates = AspirationUpdate.objects.select_related("author", "aspiration__category")
    return updates.order_by("-created_at", "-pk")[:limit]


def waiting_on_agencies():
    """Open forwarded aspirations per agency, one row each whatever name it was typed under, with the oldest
    due date; rows forwarded before agencies were a list keep their typed name."""
    return (
        Aspiration.objects.filter(status=Status.DITERUSKAN)
        .values(name=Coalesce("agency__name", "forwarded_to"))
        .annotate(n=Count("pk"), oldest_due=Min("due_date"))
        .order_by("-n", "name")
    )
