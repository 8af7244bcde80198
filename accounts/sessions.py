"""Django's database sessions, read by written-out SQL (accounts.rows): every request by a signed-in user reads
its session first."""

from django.contrib.sessions.backends.db import SessionStore as DatabaseStore
from django.utils import timezone

from .rows import column, rows


class SessionStore(DatabaseStore):
    def _get_session_from_db(self):
        model = self.model
        found = rows(
            model,
            f"{column(model, 'session_key')} = %s AND {column(model, 'expire_date')} > %s",
            [self.session_key, timezone.now()],
        )
        if not found:
            # As Django's store: a key that names no live session is forgotten, and a new one is made if needed.
            self._session_key = None
            return None
        return found[0]
