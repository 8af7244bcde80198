from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _


def wants_json(request):
    """Whether the request asked for JSON before HTML: the phone's outbox does, a browser's form post does not."""
    return request.get_preferred_type(["text/html", "application/json"]) == "application/json"


def login_required_json():
    """401 for a script whose session is gone: a login page must never pass for an answer.

    After logging in the officer lands on the outbox, where the queued reports go out.
    """
    login_url = f"{resolve_url(settings.LOGIN_URL)}?next={reverse('outbox')}"
    reason = _("Sesi Anda telah berakhir. Masuk lagi; laporan yang menunggu akan dikirim sesudahnya.")
    return JsonResponse({"status": "login_required", "login_url": login_url, "reason": reason}, status=401)


def permission_required(permission):
    """Anonymous visitors go to the login page (a request for JSON gets 401); users whose groups do not
    hold `permission` get 403. What a role may do is what the admin grants its group."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                if wants_json(request):
                    return login_required_json()
                return redirect_to_login(request.get_full_path())
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
