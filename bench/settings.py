"""Where the benchmark runs and the production environment it serves the app with."""

import secrets
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = f"postgres://postgres@{HOST}:5432/patroli_bench"
WORK_DIR = BASE_DIR / "var" / "bench"
REPORT = BASE_DIR / "docs" / "PERFORMANCE.md"


def production_environment(database_url):
    """DEBUG off and every production default on, except HTTPS: the benchmark talks plain HTTP on loopback."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "LOG_LEVEL": "WARNING",
        # The photos the benchmark posts stay in its own folder.
        "MEDIA_ROOT": str(WORK_DIR / "media"),
    }
