import base64
import hashlib

from csp.constants import UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils import translation


class NoStoreForUsersMiddleware:
    """`Cache-Control: no-store, private` on every answer to a signed-in user.

    Pages, exports, map layers and photos carry residents' personal data: no
    browser cache on a shared phone or proxy keeps a copy. It replaces what a
    view set (a photo's max-age), and leaves ETag alone: a conditional request
    still gets its 304. Static files never get here: WhiteNoise, above it,
    answers them with its own long cache.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            response.headers["Cache-Control"] = "no-store, private"
        return response


class LanguageCookieMiddleware:
    """Indonesian for everyone unless the user chose another language.

    Django's LocaleMiddleware would follow the browser's Accept-Language and
    show an English-language phone a half-translated page; here only the
    language cookie set by the language switcher counts.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.available = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.available:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def script_hash(source):
    return "'sha256-%s'" % base64.b64encode(hashlib.sha256(source.encode()).digest()).decode()


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy, with two allowances in the admin only.

    Third-party admin pages carry style="" attributes (django-simple-history's
    history list, django-import-export's export form); an attribute cannot run
    a script, and our own templates have none (tests/test_csp.py). The export
    form's "select all" box has one inline event handler: that exact handler,
    and no other, may run.
    """

    ADMIN_ALLOWANCES = {
        "style-src-attr": [UNSAFE_INLINE],
        "script-src-attr": [UNSAFE_HASHES, script_hash("onSelectToggleChange(event)")],
    }

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(reverse("admin:index")):
            parts.update = {**(parts.update or {}), **self.ADMIN_ALLOWANCES}
        return parts


class CompressionMiddleware(GZipMiddleware):
    """Django's gzip for pages, GeoJSON and exports, leaving alone the photos, which JPEG already packs.

    Static files never get here: WhiteNoise, above it, answers them with its own compressed copies.
    Django's GZipMiddleware pads each response with random bytes against BREACH, and CSRF tokens
    are masked afresh for every response.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("image/"):
            return response
        return super().process_response(request, response)
