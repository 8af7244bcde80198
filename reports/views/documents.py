from collections import Counter
from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from accounts.models import Unit
from figures import selectors as tallies
from patrols.access import get_patrol_for_user
from patrols.forms import DateRangeForm, WeekForm
from patrols.models import Aspiration
from patrols.selectors import aspirations_for, topics, updates_for, visits_for
from sectors.selectors import villages_for

from .. import charts, press, stats

OVERDUE_LISTED = 20


def _press_page(request, facts, *, subject, range_form):
    draft = ""
    if facts:
        draft = press.draft(facts, writer=request.user, unit=press.unit_of(facts, request.user))
    context = {
        "facts": facts,
        "draft": draft,
        "subject": subject,
        "range_form": range_form,
    }
    return render(request, "reports/press_release.html", context)


@permission_required("patrols.view_reports")
def patrol_press_release(request, pk):
    """A press-release draft about one patrol."""
    patrol = get_patrol_for_user(request.user, pk)
    facts = press.gather(visits_for(request.user).filter(patrol=patrol), patrol=patrol)
    subject = _("Patroli %(day)s, dipimpin %(leader)s") % {
        "day": press.day_and_date(patrol.started_at),
        "leader": patrol.leader.display_name,
    }
    return _press_page(request, facts, subject=subject, range_form=DateRangeForm(initial=DateRangeForm.this_week()))


@permission_required("patrols.view_reports")
def range_press_release(request):
    """A press-release draft about every patrol in a date range (this week by default)."""
    form = DateRangeForm(request.GET or None, initial=DateRangeForm.this_week())
    if form.is_bound and not form.is_valid():
        return _press_page(request, None, subject="", range_form=form)
    dates = form.cleaned_data if form.is_bound else DateRangeForm.this_week()
    start, end = dates["start"], dates["end"]
    visits = visits_for(request.user).filter(
        visited_at__gte=stats.local_midnight(start), visited_at__lt=stats.local_midnight(end + timedelta(days=1))
    )
    subject = _("Patroli %(start)s sampai %(end)s") % {
        "start": press.day_and_date(start),
        "end": press.day_and_date(end),
    }
    return _press_page(request, press.gather(visits), subject=subject, range_form=form)


def _week_value(monday):
    year, week, _weekday = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _by_label(counts, choices):
    labels = dict(choices)
    return [(labels.get(value, value), n) for value, n in counts]


def _village_rows(viewer, visits, monday, next_monday):
    visit_counts = dict(stats.count_by(visits, "sector__village__name"))
    aspiration_counts = dict(tallies.by_village(viewer, monday, next_monday))
    return [
        (name, visit_counts.get(name, 0), aspiration_counts.get(name, 0))
        for name in villages_for(viewer).values_list("name", flat=True)
    ]


@permission_required("patrols.view_reports")
def weekly_report(request):
    """A printable report of one ISO week (Monday to Sunday)."""
    today = timezone.localdate()
    form = WeekForm(request.GET or None, initial={"week": _week_value(stats.monday(today))})
    monday = form.cleaned_data["week"] if form.is_bound and form.is_valid() else stats.monday(today)
    next_monday = monday + timedelta(weeks=1)
    start, end = stats.local_midnight(monday), stats.local_midnight(next_monday)

    viewer = request.user
    visits = visits_for(viewer).filter(visited_at__gte=start, visited_at__lt=end)
    aspirations = aspirations_for(viewer)
    new = tallies.by_week_kind_status(viewer, monday, next_monday)
    new_by_kind = Counter()
    for (_week, kind, _status), n in new.items():
        new_by_kind[kind] += n
    closed = aspirations.filter(closed_at__gte=start, closed_at__lt=end)
    activity = visits.aggregate(
        visits=Count("pk"),
        patrols=Count("patrol", distinct=True),
        sectors=Count("sector", distinct=True),
        people=Sum("people_met"),
    )
    outcomes = closed.aggregate(
        resolved=Count("pk", filter=Q(status=Aspiration.Status.SELESAI)),
        refused=Count("pk", filter=Q(status=Aspiration.Status.TIDAK_DAPAT)),
    )
    outcomes["feedback"] = (
        updates_for(viewer)
        .filter(created_at__gte=start, created_at__lt=end, feedback_delivered=True)
        .values("aspiration")
        .distinct()
        .count()
    )
    appeals = (
        topics()
        .filter(visits__in=visits)
        .annotate(n=Count("visits"))
        .order_by("-n", "order", "name")
    )
    overdue = (
        aspirations.overdue(today)
        .select_related("category", "assignee", "visit__sector__village")
        .order_by("due_date", "pk")
    )
    context = {
        "form": form,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": _week_value(monday - timedelta(weeks=1)),
        "next_week": _week_value(next_monday),
        "activity": activity,
        "new_by_kind": _by_label(sorted(new_by_kind.items(), key=lambda item: (-item[1], item[0])), Aspiration.Kind.choices),
        "new_total": sum(new.values()),
        "outcomes": outcomes,
        "appeals": appeals,
        "warnings": stats.early_warnings(viewer, start, end),
        "villages": _village_rows(viewer, visits, monday, next_monday),
        "overdue": overdue[:OVERDUE_LISTED],
        "overdue_total": overdue.count(),
        "open_total": aspirations.open().count(),
        "agencies": stats.waiting_on_agencies(viewer),
        "charts": {
            "per_category": charts.horizontal_bars(tallies.by_category(viewer, monday, next_monday)),
            "per_officer": charts.horizontal_bars(stats.visits_per_officer(visits)),
        },
        "today": today,
        "unit": Unit.objects.for_documents(viewer),
    }
    return render(request, "reports/weekly_report.html", context)
