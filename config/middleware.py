import base64
import hashlib
import logging
from contextvars import ContextVar

from csp.constants import UNSAFE_HASHES, UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings
from django.db import OperationalError, connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from . import compression

logger = logging.getLogger(__name__)


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
    are masked afresh for every response. A page kept whole (patrols.cache.page) comes with its parts
    compressed already, and they are joined into one gzip stream (config.compression), padded the same way.
    """

    def process_response(self, request, response):
        if response.get("Content-Type", "").startswith("image/"):
            return response
        blocks = getattr(response, "deflated_parts", None)
        if blocks is None or response.has_header("Content-Encoding"):
            return super().process_response(request, response)
        # A kept page brings its parts compressed already (patrols.cache.page): joined, not compressed again.
        patch_vary_headers(response, ("Accept-Encoding",))
        if re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")):
            response.content = compression.member(blocks, response.content, self.max_random_bytes)
            response.headers["Content-Length"] = str(len(response.content))
            response.headers["Content-Encoding"] = "gzip"
        return response


# The statement timeout wanted for the request being answered; None outside web requests.
_statement_timeout_ms = ContextVar("statement_timeout_ms", default=None)


def limit_statements(milliseconds):
    """Have PostgreSQL cancel any statement of the current request that runs longer than this (0: no limit).

    Only web requests are limited: management commands (migrate, seed_bulk, backup) never call this.
    Other databases have no such setting, and nothing is done.
    """
    _statement_timeout_ms.set(milliseconds)
    _limit_open_connection()


def _limit_open_connection():
    # A connection that is no longer usable is left for the request to reopen; connection_created sets that one.
    connection.close_if_health_check_failed()
    if connection.connection is not None:
        _set_statement_timeout(connection, _statement_timeout_ms.get())


@receiver(connection_created)
def _limit_new_connection(sender, **kwargs):
    if (milliseconds := _statement_timeout_ms.get()) is not None:
        _set_statement_timeout(kwargs["connection"], milliseconds)


def _set_statement_timeout(connection, milliseconds):
    """Set on the session, once for each value: a kept connection (CONN_MAX_AGE) holds it from request to request,
    which spares every page a round trip to the database."""
    if connection.vendor != "postgresql":
        return
    driver = connection.connection
    if getattr(driver, "patroli_statement_timeout_ms", None) == milliseconds:
        return
    # On the driver's own cursor: a setting of the session, not one of the page's queries.
    with driver.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{milliseconds}ms"])
    # Set inside a transaction, the value goes back on a rollback: only one set outside is known to stay.
    driver.patroli_statement_timeout_ms = None if connection.in_atomic_block else milliseconds


def statement_cancelled(exception):
    """Whether PostgreSQL cancelled the statement, at its statement_timeout or by an administrator."""
    return isinstance(exception, OperationalError) and getattr(exception.__cause__, "sqlstate", None) == "57014"


class StatementTimeoutMiddleware:
    """Every web request gets DB_STATEMENT_TIMEOUT_MS; a cancelled statement gets a page saying so, not a 500.

    The page is rendered without the database, which is busy, and without the request's
    context: the transaction the statement was in cannot run another query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _statement_timeout_ms.set(settings.DB_STATEMENT_TIMEOUT_MS)
        try:
            _limit_open_connection()
            return self.get_response(request)
        finally:
            _statement_timeout_ms.reset(token)

    def process_exception(self, request, exception):
        if not statement_cancelled(exception):
            return None
        logger.warning("Statement cancelled after %s ms: %s %s", _statement_timeout_ms.get(), request.method,
                       request.get_full_path()[:200])
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = "60"
        return response
