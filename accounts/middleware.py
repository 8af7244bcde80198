from django.core.exceptions import PermissionDenied
from django.http import Http404

from . import audit


class RefusedAccessLogMiddleware:
    """Audit-logs the 403s and 404s that views raise.

    A view raises these when a user asks for a page or an object that is not
    theirs; a mistyped URL never reaches a view and is not logged.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, PermissionDenied):
            audit.refused(request, 403)
        elif isinstance(exception, Http404):
            audit.refused(request, 404)
