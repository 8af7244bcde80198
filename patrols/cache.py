"""Cache versions and ETags: figures over the whole history, computed once for each change of the data
they count, and the versions the map's layers answer conditional requests with (reports.freshness says
what state each layer reads).

Some figures read every row whatever the page shows: the number of aspirations per status on
the review list's tabs, the dashboard's counts and charts — 100 to 300 ms at a million
aspirations. They, and the HTML of the pages that are the same for every reader of the same units (the review
list for a query string, the dashboard), are kept in Django's cache under a key made of their
name, their arguments (the viewer's scope among them), today's date and `data_version()`.

`data_version()` is one query of six index lookups, under a millisecond at any size: the newest
history row of visits, aspirations and sectors (django-simple-history writes one for every save
and every delete, in the app and in the admin), the newest follow-up of an aspiration and of an
early warning, and the newest account.
Whatever the app or the admin changes moves it, so a figure is never older than the change the
reader just made.

What it cannot see is bounded by TIMEOUT: a change written without the ORM's save(), a renamed
account, and the rare transaction that commits after a later one (its history row has the
smaller id).
"""

import functools
import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, time

from django.conf import settings
from django.contrib.messages import get_messages
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import quote_etag
from django.utils.html import escape

from accounts.models import User
from config import compression
from early_warnings.models import EarlyWarningUpdate
from sectors.models import Sector

from .models import Aspiration, AspirationUpdate, Visit

TIMEOUT = 300
PREFIX = "figures"


@functools.cache
def _version_sql():
    # Built once: reaching a history model through `Model.history` builds a manager class each time.
    tracked = (
        Visit.history.model,
        Aspiration.history.model,
        Sector.history.model,
        AspirationUpdate,
        EarlyWarningUpdate,
        User,
    )
    quote = connection.ops.quote_name
    newest = [f"(SELECT MAX({quote(model._meta.pk.column)}) FROM {quote(model._meta.db_table)})" for model in tracked]
    return f"SELECT {', '.join(newest)}"


def data_version():
    """A tuple that changes whenever a visit, aspiration, follow-up, sector or account is written."""
    with connection.cursor() as cursor:
        cursor.execute(_version_sql())
        return tuple(cursor.fetchone())


def figures(name, params, compute, version=None):
    """`compute()`, or what it returned for the same name, params, day and data.

    `version`: data_version() when the caller has read it already for another figure.
    """
    if not settings.PAGE_CACHE:
        return compute()
    version = data_version() if version is None else version
    key_text = repr((name, sorted(params.items()), timezone.localdate(), version))
    key = f"{PREFIX}:{name}:{hashlib.sha256(key_text.encode()).hexdigest()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value


@dataclass(frozen=True)
class Reader:
    """Who reads a page whose HTML is kept with holes: what the navbar and the page's body show of them, as
    holes; whether they may reach the admin, as it is (it is part of the key)."""

    pk: str
    display_name: str
    is_staff: bool
    is_authenticated: bool = True


def page(request, template, name, params, content, version=None):
    """`template` rendered around `content()` (the part that `figures` keeps for every reader of `params`),
    kept whole for every reader of the same page, units, language and roles until the data changes.

    Around the content, a page's navbar, footer and texts cost as much to render as the five queries that
    identify its reader. They are the same for every reader but a few words: the CSRF token, the reader's id and
    name. The page is rendered once with a hole in their place (never with them) and each request fills the holes;
    its fixed parts are kept compressed too, so that gzip (config.middleware) compresses only the holes.
    Rendered as usual instead: with the cache off, for an officer (whose navbar counts their own tasks) and when
    messages wait to be shown.
    """
    user = request.user
    version = data_version() if version is None and settings.PAGE_CACHE else version
    if not settings.PAGE_CACHE or user.is_officer or len(get_messages(request)):
        return render(request, template, {"content": figures(name, params, content, version)})

    def with_holes():
        marker = f"hole-{secrets.token_hex(8)}-"
        reader = Reader(pk=f"{marker}id", display_name=f"{marker}name", is_staff=user.is_staff)
        html = render_to_string(
            template,
            {"content": figures(name, params, content, version), "user": reader, "csrf_token": f"{marker}csrf"},
            request,
        )
        parts = re.split(f"{marker}(id|name|csrf)", html)
        # The fixed parts compressed once, here (config.compression): a request compresses only its holes.
        return parts, [compression.block(part.encode()) for part in parts[::2]]

    key = {
        **params,
        "path": request.get_full_path(),
        "roles": (user.is_reviewer, user.is_staff),
        # Static files are named by their content: a page kept from before a deployment would name the old ones.
        "static": getattr(staticfiles_storage, "manifest_hash", ""),
    }
    parts, blocks = figures(f"{name}:page", key, with_holes, version)
    holes = {"id": str(user.pk), "name": escape(user.display_name), "csrf": get_token(request)}
    texts = [holes[part] if index % 2 else part for index, part in enumerate(parts)]
    response = HttpResponse("".join(texts))
    response.deflated_parts = [
        compression.block(text.encode()) if index % 2 else blocks[index // 2] for index, text in enumerate(texts)
    ]
    return response


@dataclass(frozen=True)
class Version:
    """An answer's ETag and, when known, when what it shows last changed (the map's layers)."""

    etag: str
    last_modified: datetime | None = None


def digest(text):
    return quote_etag(hashlib.sha256(text.encode()).hexdigest()[:32])


def of_body(body):
    return Version(etag=digest(body))


def of_state(name, params, state):
    """The version of an answer from its name, its parameters (the viewer's scope among them), the day and
    the state of the data it reads; Last-Modified is never earlier than today's midnight."""
    today = timezone.localdate()
    stamps = [value for value in state.values() if isinstance(value, datetime)]
    midnight = timezone.make_aware(datetime.combine(today, time.min))
    return Version(
        etag=digest(repr((name, sorted(params.items()), today, sorted(state.items())))),
        last_modified=max([*stamps, midnight]),
    )
