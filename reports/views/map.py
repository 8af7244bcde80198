"""The map of the viewer's area (/map/) and its GeoJSON layers (/map/<layer>.geojson)."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.db.models import Max, Min
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.decorators import permission_required
from accounts.scope import scope_key
from patrols import cache as cache_versions
from patrols.access import can_add_visit, patrols_of
from patrols.models import FAR_FROM_SECTOR_M, Aspiration
from patrols.selectors import categories
from sectors.models import Sector
from sectors.selectors import sectors_for

from .. import freshness, geojson
from ..forms import MAX_VISIT_DAYS, AspirationFilterForm, VisitRangeForm, errors_as_json



@dataclass(frozen=True)
class Layer:
    build: Callable
    # None: a small layer without timestamps, whose ETag is a hash of its body (see freshness).
    state: Callable | None = None
    form: type[forms.Form] = forms.Form
    # Humas and Admin get links to the aspirations (by number, or the review list); officers only their counts.
    by_role: bool = False


LAYERS = {
    "districts": Layer(build=geojson.districts),
    "villages": Layer(build=geojson.villages),
    "sectors": Layer(build=geojson.sectors, state=freshness.sectors, by_role=True),
    "aspirations": Layer(
        build=geojson.aspirations, state=freshness.aspirations, form=AspirationFilterForm, by_role=True
    ),
    "visits": Layer(build=geojson.visits, state=freshness.visits, form=VisitRangeForm),
}

# How long a built layer is kept; its key changes with the data long before (see freshness).
LAYER_CACHE_SECONDS = 600

# A sector's ring: visited within RECENT_DAYS, within WAITING_DAYS, longer ago, or never.
# The panel lists those waiting longer than WAITING_DAYS.
COVERAGE = {"recentDays": 7, "waitingDays": 30}


def map_texts():
    """The words the map's scripts put together, in the request's language; {name} marks what they fill in."""
    return {
        "village": _("Desa {name}"),
        "never": _("Belum pernah dikunjungi"),
        "today": _("Dikunjungi hari ini"),
        "daysAgo": _("Dikunjungi {days} hari lalu"),
        "openAspirations": _("Aspirasi terbuka: {count}"),
        "aspiration": _("Aspirasi #{id}"),
        "more": _("dan {count} lainnya"),
        "matching": _("{total} aspirasi sesuai filter"),
        "counts": _("{open} terbuka · {urgent} mendesak · {overdue} lewat tenggat"),
        "reviewList": _("Lihat di daftar aspirasi"),
        "visitsOn": _("Kunjungan {date}"),
        "visit": _("Laporan kunjungan #{id}"),
        "far": _("Posisi GPS lebih dari %(metres)s m dari titik sektor.") % {"metres": FAR_FROM_SECTOR_M},
        "unvisitedMeta": _("{village} · {distance} km · {since}"),
        "unvisitedDays": _("{days} hari lalu"),
        "unvisitedNever": _("belum pernah"),
        "unvisitedNone": _("Semua sektor sudah dikunjungi dalam %(days)s hari terakhir.")
        % {"days": COVERAGE["waitingDays"]},
        "unvisitedShown": _("{shown} terdekat dari {total} sektor, diurutkan dari tengah peta."),
        "unvisitedShownFromYou": _("{shown} terdekat dari {total} sektor, diurutkan dari lokasi Anda."),
        "locate": _("Lokasi saya"),
        "locating": _("Mencari lokasi…"),
        "you": _("Lokasi Anda (± {accuracy} m)"),
        "locateFailed": _("Lokasi Anda tidak dapat ditentukan: {error}"),
        "locateDenied": _("izin lokasi ditolak; izinkan di pengaturan peramban."),
        "locateUnavailable": _("sinyal GPS tidak ada atau terlalu lemah."),
        "locateUnsupported": _("peramban ini tidak dapat membaca lokasi."),
        "newVisit": _("Catat kunjungan di sini"),
        "loadFailed": _("Lapisan {layer} gagal dimuat: {error}"),
        "offline": _("server tidak dapat dihubungi."),
        "layers": {
            "districts": _("batas kecamatan"),
            "villages": _("desa"),
            "sectors": _("sektor"),
            "aspirations": _("aspirasi"),
            "visits": _("posisi kunjungan"),
        },
    }


def links():
    """The pages a popup links to, {id} to be filled in by the map's scripts."""
    return {name: reverse(f"{name}_detail", args=[0]).replace("/0/", "/{id}/") for name in ("aspiration", "visit")}


def visit_link(user):
    """The visit form of the patrol under way that an officer may add visits to, {id} to be the
    sector; None for anyone else."""
    if not user.is_officer:
        return None
    patrol = patrols_of(user).filter(ended_at__isnull=True).select_related("leader").order_by("-started_at").first()
    if patrol is None or not can_add_visit(user, patrol):
        return None
    return reverse("visit_new", args=[patrol.pk]) + "?sector={id}"


def area_center(user):
    """The middle of the viewer's active sectors, where the map opens before its layers fit them; None without any."""
    box = (
        sectors_for(user)
        .active()
        .aggregate(south=Min("latitude"), north=Max("latitude"), west=Min("longitude"), east=Max("longitude"))
    )
    if box["south"] is None:
        return None
    return ((box["south"] + box["north"]) / 2, (box["west"] + box["east"]) / 2)


@permission_required("patrols.view_map")
def map_page(request):
    """The full-height map: layers with their legend and filters, and the sectors waiting for a visit."""
    visit_range = VisitRangeForm({})
    visit_range.is_valid()
    config = {
        "layers": {name: reverse("map_layer", args=[name]) for name in LAYERS},
        "kinds": dict(Sector.Kind.choices),
        "links": {**links(), "newVisit": visit_link(request.user)},
        "coverage": COVERAGE,
        "texts": map_texts(),
    }
    context = {
        "config": config,
        "kinds": Sector.Kind.choices,
        "categories": categories().filter(is_active=True),
        "statuses": Aspiration.Status.choices,
        "visit_range": visit_range.cleaned_data,
        "max_visit_days": MAX_VISIT_DAYS,
        "coverage": COVERAGE,
        "center": area_center(request.user),
    }
    return render(request, "reports/map.html", context)


# Compressed by config.middleware.CompressionMiddleware: the sectors to about a tenth.
@require_GET
def layer(request, name):
    """One layer of the map as GeoJSON, or a 304 when the browser's copy is still current.

    Errors are JSON for the map's scripts: 403 when the session has ended or the account has
    no role (a redirect to the login page would reach them as HTML), 400 for a bad parameter.
    """
    user = request.user
    if not user.is_authenticated:
        return JsonResponse({"error": _("Sesi Anda telah berakhir. Muat ulang halaman untuk masuk lagi.")}, status=403)
    if not user.has_perm("patrols.view_map"):
        return JsonResponse({"error": _("Akun Anda belum memiliki peran untuk melihat peta.")}, status=403)
    layer = LAYERS.get(name)
    if layer is None:
        return JsonResponse({"error": _("Lapisan peta ini tidak ada.")}, status=404)
    form = layer.form(request.GET)
    if not form.is_valid():
        return JsonResponse(errors_as_json(form), status=400)

    params = form.cleaned_data
    role = {"reviewer": user.is_reviewer} if layer.by_role else {}

    def build():
        return geojson.dumps(layer.build(user, **params, **role))

    if layer.state:
        keyed = {**params, **role, "scope": scope_key(user)}
        version = cache_versions.of_state(name, keyed, layer.state(user, **params))
        # The ETag names the layer, its filters, the role, the viewer's units, the day and the state of the data: a
        # body kept under it is current, and is built once per change (2 s for ten years of a
        # Polres's aspirations) rather than once per map opened.
        cache_key = f"map-layer:{version.etag}" if settings.PAGE_CACHE else None
        body = cache.get(cache_key) if cache_key else None
    else:
        body = build()
        version = cache_versions.of_body(body)
    last_modified = int(version.last_modified.timestamp()) if version.last_modified else None
    response = get_conditional_response(request, etag=version.etag, last_modified=last_modified)
    if response is None:
        if body is None:
            body = build()
            if cache_key:
                cache.set(cache_key, body, LAYER_CACHE_SECONDS)
        response = HttpResponse(body, content_type="application/geo+json")
    response.headers["ETag"] = version.etag
    if last_modified:
        response.headers["Last-Modified"] = http_date(last_modified)
    return response
