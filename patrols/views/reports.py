from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import role_required
from accounts.models import Role, Unit
from sectors.models import Village

from .. import charts, press, stats
from ..access import get_patrol_for_user
from ..forms import DateRangeForm, WeekForm
from ..models import AppealTopic, Aspiration, AspirationUpdate, Visit

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
    return render(request, "patrols/press_release.html", context)


@role_required(Role.HUMAS, Role.ADMIN)
def patrol_press_release(request, pk):
    """A press-release draft about one patrol."""
    patrol = get_patrol_for_user(request.user, pk)
    facts = press.gather(patrol.visits.all(), patrol=patrol)
    subject = _("Patroli %(day)s, dipimpin %(leader)s") % {
        "day": press.day_and_date(patrol.started_at),
        "leader": patrol.leader.display_name,
    }
    return _press_page(request, facts, subject=subject, range_form=DateRangeForm(initial=DateRangeForm.this_week()))


@role_required(Role.HUMAS, Role.ADMIN)
def range_press_release(request):
    """A press-release draft about every patrol in a date range (this week by default)."""
    form = DateRangeForm(request.GET or None, initial=DateRangeForm.this_week())
    if form.is_bound and not form.is_valid():
        return _press_page(request, None, subject="", range_form=form)
    dates = form.cleaned_data if form.is_bound else DateRangeForm.this_week()
    start, end = dates["start"], dates["end"]
    visits = Visit.objects.filter(
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


def _village_rows(visits, aspirations):
    visit_counts = dict(stats.count_by(visits, "sector__village__name"))
    aspiration_counts = dict(stats.count_by(aspirations, "visit__sector__village__name"))
    return [
        (name, visit_counts.get(name, 0), aspiration_counts.get(name, 0))
        for name in Village.objects.values_list("name", flat=True)
    ]


@role_required(Role.HUMAS, Role.ADMIN)
def weekly_report(request):
    """A printable report of one ISO week (Monday to Sunday)."""
    today = timezone.localdate()
    form = WeekForm(request.GET or None, initial={"week": _week_value(stats.monday(today))})
    monday = form.cleaned_data["week"] if form.is_bound and form.is_valid() else stats.monday(today)
    start, end = stats.local_midnight(monday), stats.local_midnight(monday + timedelta(weeks=1))

    visits = Visit.objects.filter(visited_at__gte=start, visited_at__lt=end)
    new = Aspiration.objects.filter(created_at__gte=start, created_at__lt=end)
    closed = Aspiration.objects.filter(closed_at__gte=start, closed_at__lt=end)
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
        AspirationUpdate.objects.filter(created_at__gte=start, created_at__lt=end, feedback_delivered=True)
        .values("aspiration")
        .distinct()
        .count()
    )
    appeals = (
        AppealTopic.objects.filter(visits__visited_at__gte=start, visits__visited_at__lt=end)
        .annotate(n=Count("visits"))
        .order_by("-n", "order", "name")
    )
    overdue = (
        Aspiration.objects.overdue(today)
        .select_related("category", "assignee", "visit__sector__village")
        .order_by("due_date", "pk")
    )
    context = {
        "form": form,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous_week": _week_value(monday - timedelta(weeks=1)),
        "next_week": _week_value(monday + timedelta(weeks=1)),
        "activity": activity,
        "new_by_kind": _by_label(stats.count_by(new, "kind"), Aspiration.Kind.choices),
        "new_total": new.count(),
        "outcomes": outcomes,
        "appeals": appeals,
        "warnings": stats.early_warnings(start, end),
        "villages": _village_rows(visits, new),
        "overdue": overdue[:OVERDUE_LISTED],
        "overdue_total": overdue.count(),
        "open_total": Aspiration.objects.open().count(),
        "agencies": stats.waiting_on_agencies(),
        "charts": {
            "per_category": charts.horizontal_bars(stats.count_by(new, "category__name")),
            "per_officer": charts.horizontal_bars(stats.visits_per_officer(visits)),
        },
        "today": today,
        "unit": Unit.objects.for_documents(request.user),
    }
    return render(request, "patrols/weekly_report.html", context)
