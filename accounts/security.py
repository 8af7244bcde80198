from datetime import timedelta

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import timezone


def client_ip(request):
    """The address a request came from, as the login lockout and the audit log count it.

    Behind our own proxy (USE_X_FORWARDED_FOR) that is the last address of
    X-Forwarded-For, the one the proxy itself appended: the addresses before
    it are whatever the client chose to send.
    """
    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR", "")


@receiver(user_logged_in)
def end_session_with_the_shift(sender, request, user, **kwargs):
    """Fix the session's end at login + SESSION_COOKIE_AGE.

    Django's own expiry moves forward whenever the session is saved again;
    a date set here does not, so a login never outlives the shift.
    """
    request.session.set_expiry(timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE))
