"""The one page residents open: the status of their aspiration, by the code they were given. No login.

It shows the category, the status, the dates, the desa and the note Humas chose to publish; never a
name, a phone, the description or the place the officer stood. A code unknown and a client that asked
too often get the very same answer, so that neither tells a guesser anything.
"""

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from accounts.security import client_ip

from ..models import Aspiration, normalize_code

Status = Aspiration.Status


def _within_limit(request):
    """Counts this lookup for the client's address; False once it made more than the limit in the window."""
    key = f"public-status:{client_ip(request)}"
    window = settings.PUBLIC_STATUS_WINDOW_MINUTES * 60
    cache.add(key, 0, timeout=window)
    try:
        count = cache.incr(key)
    except ValueError:
        # Expired between add() and incr().
        cache.set(key, 1, timeout=window)
        count = 1
    return count <= settings.PUBLIC_STATUS_LOOKUPS


def _noindex(response):
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@never_cache
def public_lookup(request):
    """A small form to type a code; sends the visitor on to its page."""
    code = normalize_code(request.GET.get("code", ""))
    if code:
        return redirect("public_status", code=code)
    return _noindex(render(request, "patrols/public_lookup.html"))


# What each status means to a resident.
PLAIN_STATUS = {
    Status.BARU: _("Sudah diterima, menunggu diperiksa"),
    Status.DIVERIFIKASI: _("Sudah diperiksa, menunggu tindak lanjut"),
    Status.DITINDAKLANJUTI: _("Sedang ditindaklanjuti"),
    Status.DITERUSKAN: _("Diteruskan ke instansi yang berwenang"),
    Status.SELESAI: _("Selesai"),
    Status.TIDAK_DAPAT: _("Tidak dapat ditindaklanjuti"),
}
# Everything the page may show, and nothing else is read: no personal data can reach the template.
PUBLIC_FIELDS = {
    "category": "category__name",
    "status": "status",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "closed_at": "closed_at",
    "public_note": "public_note",
    "village": "visit__sector__village__name",
}


@require_GET
@never_cache
def public_status(request, code):
    """The public status of one aspiration; an unknown code and too many lookups get one and the same 404."""
    facts, code = None, normalize_code(code)
    if _within_limit(request):
        row = Aspiration.objects.filter(code=code).values_list(*PUBLIC_FIELDS.values()).first()
        facts = dict(zip(PUBLIC_FIELDS, row)) if row else None
    if facts is None:
        return _noindex(render(request, "patrols/public_unknown.html", status=404))
    facts["plain_status"] = PLAIN_STATUS[facts["status"]]
    facts["code"] = f"{code[:4]}-{code[4:]}"
    return _noindex(render(request, "patrols/public_status.html", {"facts": facts}))
