from django.conf import settings


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
