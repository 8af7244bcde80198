"""Settings for Patroli Dialogis, read from the environment.

Development needs nothing set: DEBUG is on and the database is a SQLite file
under var/. Production (DEBUG=0) refuses to start without SECRET_KEY and
ALLOWED_HOSTS, and turns on every protection `check --deploy` asks for; each
can be switched off by an environment variable of the same name.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import bootstrap_wrapper
import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {value!r}")


def env_int(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


def tile_origin(url):
    """The origin a tile URL template loads from, with {s} subdomains as a wildcard."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Not the autodiscovering AdminConfig: django-leaflet's admin module
    # imports GeoDjango, which needs GDAL. Our apps register their own
    # admin modules in AppConfig.ready().
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "leaflet",
    "import_export",
    "axes",
    "csp",
    "simple_history",
    "accounts",
    "sectors",
    "patrols",
    "figures",
    "reports",
    "offline",
    "early_warnings",
    "backups",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "config.middleware.NoStoreForUsersMiddleware",
    # Pages are 5–20 KB of HTML that packs to a fifth; an officer's data plan pays for every byte.
    "config.middleware.CompressionMiddleware",
    "config.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LanguageCookieMiddleware",
    # Below the language, so that the page it answers a cancelled statement with is translated.
    "config.middleware.StatementTimeoutMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.RefusedAccessLogMiddleware",
    # Last, so that it turns a lockout raised anywhere below into its page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
                "accounts.context_processors.unit",
                "patrols.context_processors.tasks",
                "csp.context_processors.nonce",
            ],
        },
    },
]

DEFAULT_SQLITE = BASE_DIR / "var" / "db.sqlite3"
if not env("DATABASE_URL"):
    DEFAULT_SQLITE.parent.mkdir(exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        # Unset or empty (`DATABASE_URL= make test`): the development database.
        env("DATABASE_URL") or f"sqlite:///{DEFAULT_SQLITE}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Officers file reports while Humas reads: let writers wait for the lock
    # instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DB_RANDOM_PAGE_COST := env("DB_RANDOM_PAGE_COST", "1.1"):
    # PostgreSQL's default (4) prices a random read as on a spinning disk and joins the open aspirations to their
    # visits by reading every visit; on SSD storage an index lookup per row is several times faster.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={DB_RANDOM_PAGE_COST}"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username and address never reach the password check.
    "axes.backends.AxesStandaloneBackend",
    "accounts.backends.PermissionBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# JSON for the phone's outbox when a token is refused, Django's page for everyone else.
CSRF_FAILURE_VIEW = "config.views.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    # bootstrap-wrapper installs Bootstrap's release files as a plain folder.
    ("bootstrap", bootstrap_wrapper.get_bootstrap_dir()),
]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}

# In development WhiteNoise serves straight from the app and package folders.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# An import's preview and its confirmation may reach different workers:
# keep the uploaded file under MEDIA_ROOT, not in one process's /tmp.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
# openpyxl refuses control characters: one pasted into a sector's name would
# stop the whole XLSX export. They are written as U+FFFD instead.
IMPORT_EXPORT_ESCAPE_ILLEGAL_CHARS_ON_EXPORT = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Map: the centre is the populated west of the kecamatan, not its centroid.
MAP_TILES_URL = env("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = env(
    "MAP_TILES_ATTRIBUTION",
    '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
)
LEAFLET_CONFIG = {
    "DEFAULT_CENTER": (-8.975, 116.80),
    "DEFAULT_ZOOM": 12,
    "MIN_ZOOM": 8,
    "MAX_ZOOM": 18,
    "TILES": [("OpenStreetMap", MAP_TILES_URL, {"attribution": MAP_TILES_ATTRIBUTION, "maxZoom": 19})],
    "RESET_VIEW": False,
}

# Days an aspiration may stay open, by urgency, before it counts as overdue.
ASPIRATION_DUE_DAYS = {
    "mendesak": env_int("ASPIRATION_DUE_DAYS_MENDESAK", 1),
    "tinggi": env_int("ASPIRATION_DUE_DAYS_TINGGI", 3),
    "normal": env_int("ASPIRATION_DUE_DAYS_NORMAL", 14),
}
# /cek/<code>/, the residents' status page: lookups allowed per client address and window (a guesser
# gets 20 tries in 10 minutes at about 850 billion codes).
PUBLIC_STATUS_LOOKUPS = env_int("PUBLIC_STATUS_LOOKUPS", 20)
PUBLIC_STATUS_WINDOW_MINUTES = env_int("PUBLIC_STATUS_WINDOW_MINUTES", 10)

# Days after a patrol ended in which its officers' reports are still taken: a
# report queued on a phone with no signal arrives when the phone finds one.
# Editing a filed visit stays limited to 24 hours (patrols.models.EDIT_WINDOW).
LATE_REPORT_DAYS = env_int("LATE_REPORT_DAYS", 7)

# Hours an early warning may wait for Kapolsek or Humas to acknowledge it before it is escalated.
EARLY_WARNING_ESCALATE_HOURS = env_int("EARLY_WARNING_ESCALATE_HOURS", 6)

# The units an installation starts with: the data migration files everything stored before units
# existed under this Polsek, and documents of a viewer without a unit are headed by it.
DEFAULT_POLDA_NAME = env("DEFAULT_POLDA_NAME", "Polda NTB")
DEFAULT_POLDA_CODE = env("DEFAULT_POLDA_CODE", "polda-ntb")
DEFAULT_POLDA_AREA = env("DEFAULT_POLDA_AREA", "Nusa Tenggara Barat")
DEFAULT_POLRES_NAME = env("DEFAULT_POLRES_NAME", "Polres Sumbawa Barat")
DEFAULT_POLRES_CODE = env("DEFAULT_POLRES_CODE", "polres-ksb")
DEFAULT_POLRES_AREA = env("DEFAULT_POLRES_AREA", "Sumbawa Barat")
DEFAULT_POLSEK_NAME = env("DEFAULT_POLSEK_NAME", "Polsek Sekongkang")
DEFAULT_POLSEK_CODE = env("DEFAULT_POLSEK_CODE", "polsek-sekongkang")
DEFAULT_POLSEK_AREA = env("DEFAULT_POLSEK_AREA", "Sekongkang")

# openpyxl builds a workbook at a few thousand rows a second and sends nothing
# until it is done (50,000 rows in about 15 s, within gunicorn's default 30 s
# timeout); above this many rows the reviewer is offered the CSV, which streams.
EXPORT_XLSX_MAX_ROWS = env_int("EXPORT_XLSX_MAX_ROWS", 50_000)

# PostgreSQL cancels a statement of a web request that runs longer than this, and the user gets a
# page saying so (config/middleware.py): a crafted filter cannot hold a worker for gunicorn's 30 s.
# The exports read every row, and get longer. Management commands are never limited. 0: no limit.
DB_STATEMENT_TIMEOUT_MS = env_int("DB_STATEMENT_TIMEOUT_MS", 10_000)
DB_EXPORT_STATEMENT_TIMEOUT_MS = env_int("DB_EXPORT_STATEMENT_TIMEOUT_MS", 120_000)

# Security. Every setting below is on by default in production and can be
# overridden by an environment variable of the same name, e.g.
# SECURE_SSL_REDIRECT=0 for a plain-HTTP run on loopback.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# One shift: an officer's session ends after 12 hours.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 12 * 60 * 60)
# Django's database sessions, read without building the ORM's query on every request.
SESSION_ENGINE = "accounts.sessions"
if env_bool("USE_X_FORWARDED_PROTO", False):
    # Only behind a proxy that sets this header itself (see README).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Only behind a proxy that appends the client's address to X-Forwarded-For
# (SECURITY.md): the login lockout then counts per client, not per proxy.
USE_X_FORWARDED_FOR = env_bool("USE_X_FORWARDED_FOR", False)

# Login throttling (django-axes). A username is locked only together with the
# address it was tried from: officers share a carrier's address, and a
# stranger guessing one officer's password must not lock out the others.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_ip"

# Content-Security-Policy (django-csp): scripts and styles only from our own
# static files; the one inline script, django-leaflet's map set-up, carries
# the per-request nonce. Map tiles are the only outside resource. The admin
# gets two narrow allowances (config/middleware.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", tile_origin(MAP_TILES_URL)],
        "connect-src": [SELF],
        # The officer's app: its service worker (/sw.js) and manifest come from this site only.
        "worker-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}

# Every change to sectors, visits and aspirations is kept with who made it;
# reverting from the admin would bypass the aspiration workflow.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Pages whose content is the same for every reader of the same units (the review list, the dashboard, the map's
# layers) and the figures behind them are kept in the cache until the data changes (patrols/cache.py,
# reports/views/map.py). Off, every request computes them: the pages must stay fast without it (docs/PERFORMANCE.md
# measures both).
PAGE_CACHE = env_bool("PAGE_CACHE", True)

# Local memory is each process's own: several gunicorn workers, or machines, share one Redis instead, so that what
# one of them computed serves all. Redis down: no cache, a warning in the log (config/cache.py).
REDIS_URL = env("REDIS_URL")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if REDIS_URL:
    CACHES["default"] = {
        "BACKEND": "config.cache.RedisCache",
        "LOCATION": REDIS_URL,
        # Installations sharing one Redis database must not read each other's pages.
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "patroli"),
    }

BACKUP_DIR = Path(env("BACKUP_DIR", str(BASE_DIR / "var" / "backups")))

DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "{asctime} {levelname} {name}: {message}", "style": "{"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # accounts.audit records logins and lockouts; axes' own INFO lines
        # (one on every start) would only repeat them.
        "axes": {"level": "WARNING"},
        # Logins, lockouts, refused access and exports of personal data (SECURITY.md).
        "accounts.audit": {"level": "INFO"},
    },
}
