from django.db import connection
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import csrf, defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import wants_json


@never_cache
@require_GET
def healthz(request):
    """Liveness and a database round trip; no login, no session, no template."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any database failure means "not healthy"
        return JsonResponse({"status": "error", "database": type(exc).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def permission_denied(request, exception):
    """403: the page for browsers, JSON for the outbox's scripts (a page would read as an unknown failure)."""
    if wants_json(request):
        reason = str(exception) or _("Anda tidak berwenang melakukan ini.")
        return JsonResponse({"status": "forbidden", "reason": reason}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    """404: JSON for scripts, so that a report sent to a patrol the officer no longer sees comes back to them."""
    if wants_json(request):
        return JsonResponse({"status": "not_found", "reason": _("Halaman atau data ini tidak ditemukan.")}, status=404)
    return defaults.page_not_found(request, exception)


def csrf_failure(request, reason=""):
    """CSRF refusal: JSON tells the outbox to fetch a fresh token and try once more; browsers get Django's page."""
    if wants_json(request):
        message = _("Formulir ini sudah kedaluwarsa. Muat ulang lalu kirim lagi.")
        return JsonResponse({"status": "forbidden", "reason": message, "csrf": True}, status=403)
    return csrf.csrf_failure(request, reason)
