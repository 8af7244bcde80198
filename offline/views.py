from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .shell import worker_script

THEME_COLOUR = "#0b2f5b"  # the navbar's navy (static/css/app.css --pd-navy)
# Public pages the same for everyone; an hour keeps a new release's hashed file names from waiting long.
PUBLIC_MAX_AGE = 60 * 60


def _public(response):
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    # Their words follow the language cookie.
    patch_vary_headers(response, ["Cookie"])
    return response


@require_GET
def service_worker(request):
    """The service worker, from the root so that it controls the whole site; the browser checks it on every visit."""
    response = HttpResponse(worker_script(), content_type="application/javascript; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def manifest(request):
    """The web app manifest that lets an officer put the app on the phone's home screen."""
    icons = [
        {"src": static(f"img/app-icon{kind}-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png",
         "purpose": purpose}
        for kind, purpose in (("", "any"), ("-maskable", "maskable"))
        for size in (192, 512)
    ]
    data = {
        "id": reverse("home"),
        "name": "Patroli Dialogis",
        "short_name": "Patroli",
        "description": _("Laporan patroli dialogis Polsek Sekongkang, juga saat tidak ada sinyal."),
        "lang": "id",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": "#ffffff",
        "icons": icons,
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    return _public(response)


@require_GET
def offline(request):
    """Shown by the service worker when a page is neither reachable nor kept: rendered without the request,
    so that it carries no user's data and no CSRF token."""
    return _public(HttpResponse(render_to_string("offline.html")))
