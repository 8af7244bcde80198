from datetime import timedelta

from django.db.models import Count, Window
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.decorators import permission_required
from accounts.scope import scope_key
from early_warnings.access import unit_warnings
from figures import selectors as tallies
from patrols import cache
from patrols.models import Aspiration
from patrols.selectors import aspirations_for, visits_for

from .. import charts, stats

PERIOD_WEEKS = 12
NOT_VISITED_DAYS = 30
# The sectors longest without a visit named under the figure; a Polres counts a hundred and more.
NOT_VISITED_SHOWN = 40
# A Polres has dozens of desa and officers: the dashboard draws the busiest and sums the rest.
BARS = 15
RECENT_UPDATES = 8
# The open early warnings listed, first in the queue first; the figure counts them all.
WARNINGS_SHOWN = 20

KIND_SERIES = [(kind.value, kind.label, f"chart-kind-{kind.value}") for kind in Aspiration.Kind]


def aspirations_per_week(tallied, first_monday, weeks):
    mondays = [first_monday + timedelta(weeks=n) for n in range(weeks)]
    slots = [(day, day.strftime("%d/%m")) for day in mondays]
    return charts.stacked_columns(slots, KIND_SERIES, stats.weekly_counts_by_kind(tallied))


def open_warnings(user):
    """The open early warnings of the units `user` reaches: the first WARNINGS_SHOWN of the queue, and how many
    there are in all (counted in the same query)."""
    shown = list(
        unit_warnings(user)
        .open()
        .in_queue_order()
        .select_related("sector__village", "visit__officer")
        .annotate(total=Window(Count("pk")))[:WARNINGS_SHOWN]
    )
    return {"warnings": shown, "warning_total": shown[0].total if shown else 0}


def not_visited(viewer, since):
    """The sectors longest without a visit, how many there are, and how many of them are not named."""
    sectors = list(stats.sectors_not_visited(viewer, since))
    shown = sectors[:NOT_VISITED_SHOWN]
    return {"not_visited": shown, "not_visited_total": len(sectors), "not_visited_rest": len(sectors) - len(shown)}


def figures(viewer, today):
    """Everything the dashboard counts of the viewer's units: the period from the week tallies (figures), the rest
    from index ranges of the open aspirations and recent rows."""
    week_start = stats.monday(today)
    period_start = week_start - timedelta(weeks=PERIOD_WEEKS - 1)
    since_period = stats.local_midnight(period_start)
    next_week = week_start + timedelta(weeks=1)
    now = timezone.now()

    weeks = tallies.by_week_kind_status(viewer, period_start, next_week)
    figures = stats.aspiration_figures(viewer, weeks, week_start=week_start, today=today)
    total, resolved = figures["period_total"], figures["period_resolved"]
    figures["resolved_share"] = round(100 * resolved / total) if total else None
    period_aspirations = aspirations_for(viewer).filter(created_at__gte=since_period)
    figures["median_days"] = stats.days(stats.median_resolution(period_aspirations))
    visits = visits_for(viewer)
    figures["visits_this_week"] = visits.filter(visited_at__gte=stats.local_midnight(week_start)).count()
    period_visits = visits.filter(visited_at__gte=since_period)
    return {
        "figures": figures,
        "week_start": week_start,
        "period_start": period_start,
        **not_visited(viewer, now - timedelta(days=NOT_VISITED_DAYS)),
        "recent_updates": list(stats.recent_updates(viewer, RECENT_UPDATES)),
        "agencies": list(stats.waiting_on_agencies(viewer)),
        "charts": {
            "per_week": aspirations_per_week(weeks, period_start, PERIOD_WEEKS),
            "per_category": charts.horizontal_bars(tallies.by_category(viewer, period_start, next_week)),
            "per_village": charts.horizontal_bars(tallies.by_village(viewer, period_start, next_week), limit=BARS),
            "per_officer": charts.horizontal_bars(stats.visits_per_officer(period_visits), limit=BARS),
        },
    }


@permission_required("patrols.view_dashboard")
def dashboard(request):
    """Figures, early warnings and charts for the Kasi Humas and the Kapolsek.

    The content is the same for every reader of the same units until the data changes: it is rendered
    once per change and scope (see patrols.cache) and served as it is, which spares reading the history and
    rendering a few hundred rows and bars for every visit of the page.
    """
    today = timezone.localdate()

    def content():
        context = {
            **figures(request.user, today),
            **open_warnings(request.user),
            "today": today,
            "not_visited_days": NOT_VISITED_DAYS,
            "period_label": _("%(weeks)d pekan terakhir") % {"weeks": PERIOD_WEEKS},
        }
        return render_to_string("reports/_dashboard.html", context)

    params = {"language": get_language(), "scope": scope_key(request.user)}
    return cache.page(request, "reports/dashboard.html", "dashboard", params, content)
