from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, prefetch_related_objects
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.decorators import permission_required, wants_json

from .. import services
from ..access import can_add_visit, can_end_patrol, get_patrol_for_user, patrols_of, visible_patrols
from ..forms import EndPatrolForm, PatrolForm
from ..models import Aspiration, Visit
from ..querysets import count_of

RECENT_VISITS = 10


def officer_home(request):
    """"Patroli saya": the patrol under way, the officer's last visits and what became of residents' aspirations."""
    user = request.user
    current = (
        patrols_of(user)
        .filter(ended_at__isnull=True)
        .select_related("leader")
        .annotate(visit_count=count_of(Visit, "patrol"))
        .first()
    )
    recent = (
        Visit.objects.filter(officer=user)
        .select_related("sector", "patrol")
        .prefetch_related(Prefetch("aspirations", queryset=Aspiration.objects.select_related("category").order_by("pk")))
        .order_by("-visited_at")[:RECENT_VISITS]
    )
    return render(request, "patrols/officer_home.html", {"current": current, "recent": recent})


@permission_required("patrols.view_patrol")
def patrol_list(request):
    """Officers see their own patrols; Humas and Admin see the patrols of their units."""
    patrols = (
        visible_patrols(request.user)
        .select_related("leader")
        .annotate(visit_count=count_of(Visit, "patrol"))
        .order_by("-started_at", "-pk")
    )
    page = Paginator(patrols, 20).get_page(request.GET.get("page"))
    return render(request, "patrols/patrol_list.html", {"page": page})


@permission_required("patrols.file_visit")
def patrol_new(request):
    """Start a patrol led by the officer; one under way is finished first."""
    under_way = request.user.led_patrols.filter(ended_at__isnull=True).first()
    if under_way:
        messages.info(request, _("Patroli Anda masih berjalan. Akhiri dulu sebelum memulai patroli baru."))
        return redirect(under_way)
    form = PatrolForm(request.POST if request.method == "POST" else None, leader=request.user)
    if request.method == "POST" and form.is_valid():
        patrol = services.start_patrol(
            leader=request.user, members=form.cleaned_data["members"], notes=form.cleaned_data["notes"]
        )
        messages.success(request, _("Patroli dimulai. Selamat bertugas."))
        return redirect(patrol)
    return render(request, "patrols/patrol_form.html", {"form": form})


@permission_required("patrols.view_patrol")
def patrol_detail(request, pk):
    patrol = get_patrol_for_user(request.user, pk)
    prefetch_related_objects([patrol], "members")
    visits = list(
        patrol.visits.select_related("sector__village", "officer")
        .annotate(aspiration_count=Count("aspirations"))
        .order_by("visited_at", "pk")
    )
    stops = [_stop(number, visit) for number, visit in enumerate(visits, start=1)]
    context = {
        "patrol": patrol,
        "visits": visits,
        "map": {
            "stops": [stop for stop in stops if stop],
            "tiles": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
        },
        "can_add_visit": can_add_visit(request.user, patrol),
        "can_end": can_end_patrol(request.user, patrol),
        "summary": {
            "visits": len(visits),
            "aspirations": sum(visit.aspiration_count for visit in visits),
            "warnings": sum(visit.early_warning for visit in visits),
        },
        "late_days": settings.LATE_REPORT_DAYS,
    }
    if context["can_add_visit"] and not patrol.is_under_way:
        # The next step offered once it has ended: patrol_new refuses while the officer leads another.
        context["leads_patrol_under_way"] = request.user.led_patrols.filter(ended_at__isnull=True).exists()
    return render(request, "patrols/patrol_detail.html", context)


def _stop(number, visit):
    """Where a visit goes on the map: the GPS fix taken, or else the sector's own point."""
    if visit.latitude is not None:
        lat, lon = visit.latitude, visit.longitude
    elif visit.sector.has_position:
        lat, lon = visit.sector.latitude, visit.sector.longitude
    else:
        return None
    return {"n": number, "lat": float(lat), "lon": float(lon), "name": visit.sector.name, "url": visit.get_absolute_url()}


@require_POST
@permission_required("patrols.file_visit")
def patrol_end(request, pk):
    """End the patrol; an end queued on the phone with no signal brings the time it was tapped (`ended_at`)."""
    patrol = get_patrol_for_user(request.user, pk)
    as_json = wants_json(request)
    if not patrol.is_under_way:
        return _ended(patrol, "already_ended") if as_json else redirect(patrol)
    if not can_end_patrol(request.user, patrol):
        raise PermissionDenied
    form = EndPatrolForm(request.POST, patrol=patrol)
    if not form.is_valid():
        if as_json:
            errors = {name: list(texts) for name, texts in form.errors.items()}
            return JsonResponse({"status": "invalid", "errors": errors}, status=422)
        messages.error(request, " ".join(form.errors["ended_at"]))
        return redirect(patrol)
    ended = services.end_patrol(patrol=patrol, ended_at=form.cleaned_data["ended_at"])
    if as_json:
        return _ended(patrol, "ended" if ended else "already_ended")
    messages.success(request, _("Patroli selesai. Terima kasih."))
    return redirect(patrol)


def _ended(patrol, status):
    return JsonResponse({"status": status, "url": patrol.get_absolute_url(), "ended_at": patrol.ended_at.isoformat()})
