from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.decorators import login_required_json, permission_required


@require_GET
@permission_required("patrols.file_visit")
def outbox(request):
    """The reports still on this phone: a shell the outbox's script fills from the browser's own storage."""
    return render(request, "patrols/outbox.html")


@never_cache
@require_GET
def outbox_token(request):
    """A fresh CSRF token and whose it is, for the outbox to send with; never a token from a cached page."""
    if not request.user.is_authenticated:
        return login_required_json()
    return JsonResponse({"csrf_token": get_token(request), "user_id": request.user.pk})
