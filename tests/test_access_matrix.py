"""Every URL of the project, opened by every persona: each gets the answer EXPECTED says.

The URLs are read from the resolver, so a new one fails this test until a row
below decides who may use it. The admin's URLs follow one rule instead of a
row each: only staff get past its login.
"""

import itertools
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, get_resolver, resolve
from django.urls.resolvers import RoutePattern

from patrols.models import Patrol
from sectors.views import LAYERS

from .world import PERSONAS, RESIDENT_CODE, build_world

pytestmark = pytest.mark.django_db

LOGIN = "to /accounts/login/"
ADMIN_LOGIN = "to /admin/login/"


@dataclass(frozen=True)
class Row:
    """The answers of anonymous, owner, other_officer, humas and admin: a status or a login redirect."""

    get: tuple
    # For the URLs that take a POST: a form, or an action that takes nothing else.
    post: tuple | None = None


#                                  anonymous     owner  other  humas  admin
EXPECTED = {
    # Officers land on their patrols, Humas and Admin on the dashboard.
    "home": Row(get=(LOGIN, 200, 200, 302, 302)),
    "patrol_list": Row(get=(LOGIN, 200, 200, 200, 200)),
    # The owner has a patrol under way, so the form sends them back to it.
    "patrol_new": Row(get=(LOGIN, 302, 200, 403, 403), post=(LOGIN, 302, 302, 403, 403)),
    "patrol_detail": Row(get=(LOGIN, 200, 404, 200, 200)),
    "patrol_end": Row(get=(405, 405, 405, 405, 405), post=(LOGIN, 302, 404, 403, 403)),
    "visit_new": Row(get=(LOGIN, 200, 404, 403, 403), post=(LOGIN, 200, 404, 403, 403)),
    "visit_detail": Row(get=(LOGIN, 200, 404, 200, 200)),
    "visit_edit": Row(get=(LOGIN, 200, 404, 403, 403), post=(LOGIN, 200, 404, 403, 403)),
    "visit_photo": Row(get=(LOGIN, 200, 404, 200, 200)),
    # Every officer may look up what is open at an active sector: it is where they are standing.
    "sector_open_aspirations": Row(get=(LOGIN, 200, 200, 403, 403)),
    "map": Row(get=(LOGIN, 200, 200, 200, 200)),
    # The map's scripts get JSON, not a login page: 403 once the session is gone.
    "map_layer": Row(get=(403, 200, 200, 200, 200)),
    # The Kasi Humas pages: review, follow-up, exports and reports.
    "aspiration_list": Row(get=(LOGIN, 403, 403, 200, 200)),
    "aspiration_detail": Row(get=(LOGIN, 403, 403, 200, 200), post=(LOGIN, 403, 403, 200, 200)),
    # Only a reviewer allowed to contact residents records a WhatsApp message as sent.
    "aspiration_contacted": Row(get=(405, 405, 405, 405, 405), post=(LOGIN, 403, 403, 302, 302)),
    "aspiration_bulk_assign": Row(get=(405, 405, 405, 405, 405), post=(LOGIN, 403, 403, 302, 302)),
    "aspiration_export_csv": Row(get=(LOGIN, 403, 403, 200, 200)),
    "aspiration_export_xlsx": Row(get=(LOGIN, 403, 403, 200, 200)),
    "dashboard": Row(get=(LOGIN, 403, 403, 200, 200)),
    "patrol_press_release": Row(get=(LOGIN, 403, 403, 200, 200)),
    "press_release": Row(get=(LOGIN, 403, 403, 200, 200)),
    "weekly_report": Row(get=(LOGIN, 403, 403, 200, 200)),
    # An officer's own tasks: the owner is given the world's aspiration, the other officer nothing.
    "tasks": Row(get=(LOGIN, 200, 200, 403, 403)),
    "task_detail": Row(get=(LOGIN, 200, 404, 403, 403), post=(LOGIN, 200, 404, 403, 403)),
    # The residents' status page: no login, and nothing to post.
    "public_lookup": Row(get=(200, 200, 200, 200, 200)),
    "public_status": Row(get=(200, 200, 200, 200, 200)),
    # Early warnings: Humas and Admin see their unit's, an officer those he raised or was given (the owner raised
    # the world's); a step without its fields is refused on the page.
    "warning_list": Row(get=(LOGIN, 200, 200, 200, 200)),
    "warning_detail": Row(get=(LOGIN, 200, 404, 200, 200), post=(LOGIN, 200, 404, 200, 200)),
    "login": Row(get=(200, 302, 302, 302, 302), post=(200, 302, 302, 302, 302)),
    "logout": Row(get=(405, 405, 405, 405, 405), post=(302, 302, 302, 302, 302)),
    "healthz": Row(get=(200, 200, 200, 200, 200)),
    # The officer app: its outbox page for officers, a token for whoever is logged in (401 JSON otherwise),
    # and the worker, manifest and offline page for anyone, since they carry no one's data.
    "outbox": Row(get=(LOGIN, 200, 200, 403, 403)),
    "outbox_token": Row(get=(401, 200, 200, 200, 200)),
    "service_worker": Row(get=(200, 200, 200, 200, 200)),
    "manifest": Row(get=(200, 200, 200, 200, 200)),
    "offline": Row(get=(200, 200, 200, 200, 200)),
    # Django's language switch, for anyone: it sets a cookie and goes back.
    "set_language": Row(get=(302, 302, 302, 302, 302), post=(302, 302, 302, 302, 302)),
}

# What the Polsek admin gets where it is not a 200, and why. Every other persona
# is sent to the admin's login page (OUTSIDER_ANSWERS says where not).
ADMIN_ANSWERS = {
    "admin:login": 302,  # already signed in: on to the index
    "admin:logout": 405,  # a POST only
    "admin:autocomplete": 403,  # asked without the field it completes
    "admin:view_on_site": 302,  # on to the patrol's own page
    "admin:sectors_sector_process_import": 405,  # the import's confirmation, a POST only
    # Patrols, visits, aspirations and their follow-ups are filed in the app, not the admin.
    "admin:patrols_patrol_add": 403,
    "admin:patrols_visit_add": 403,
    "admin:patrols_aspiration_add": 403,
    "admin:patrols_aspirationupdate_add": 403,
    "admin:patrols_aspirationupdate_delete": 403,
    # django-axes' records are made by logins only; of them, the admin may delete a lockout, which lifts it.
    "admin:axes_accessattempt_add": 403,
    "admin:axes_accesslog_add": 403,
    "admin:axes_accesslog_delete": 403,
    "admin:axes_accessfailurelog_add": 403,
    "admin:axes_accessfailurelog_delete": 403,
    # The role groups come from a data migration: the admin gives them to users, never makes or removes one.
    "admin:auth_group_add": 403,
    "admin:auth_group_delete": 403,
    "admin:<app>/<model>/<id>/": 302,  # Django's old address of a change page
    "admin:<any other path>": 404,
}
# (GET, POST) for everyone but the admin: the login page is for anyone, and
# logging out of a session that never got in leads back to the index.
OUTSIDER_ANSWERS = {"admin:login": (200, 200), "admin:logout": (302, 302)}

# Which object of the world fills each URL parameter; a list gives one URL per value.
OBJECTS = {
    "patrol_detail": {"pk": "patrol"},
    "patrol_end": {"pk": "patrol"},
    "visit_new": {"pk": "patrol"},
    "visit_detail": {"pk": "visit"},
    "visit_edit": {"pk": "visit"},
    "visit_photo": {"pk": "visit", "photo_pk": "photo"},
    "sector_open_aspirations": {"pk": "sector"},
    "map_layer": {"name": list(LAYERS)},
    "patrol_press_release": {"pk": "patrol"},
    "aspiration_detail": {"pk": "aspiration"},
    "aspiration_contacted": {"pk": "aspiration"},
    "task_detail": {"pk": "aspiration"},
    "public_status": {"code": [RESIDENT_CODE]},
    "warning_detail": {"pk": "warning"},
}

EXCLUDED = {
    "^media/(?P<path>.*)$": "uploads served by runserver with DEBUG on; in production nothing under /media/ is "
    "served, and photos go through visit_photo",
}


@dataclass(frozen=True)
class Pattern:
    route: str
    name: str
    parts: tuple

    @property
    def is_admin(self):
        return self.name.startswith("admin:")


def walk(patterns, parts=(), namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, (*parts, entry.pattern), inner)
        else:
            all_parts = (*parts, entry.pattern)
            # Joined as Django joins them in ResolverMatch.route.
            route = "".join(str(part) if i == 0 else str(part).removeprefix("^") for i, part in enumerate(all_parts))
            yield Pattern(route, f"{namespace}{entry.name or _unnamed(entry, namespace, route)}", all_parts)


def _unnamed(entry, namespace, route):
    """The two nameless admin patterns by what they serve; any other by its route."""
    if namespace != "admin:":
        return route
    return "<any other path>" if "(?P<url>" in str(entry.pattern) else "<app>/<model>/<id>/"


PATTERNS = list(walk(get_resolver().url_patterns))
APP_PATTERNS = [p for p in PATTERNS if not p.is_admin and p.route not in EXCLUDED]
ADMIN_PATTERNS = [p for p in PATTERNS if p.is_admin]


def fill(pattern, values):
    """The pattern's concrete path, each parameter (named, or numbered from 0 when a regex does not name it)
    replaced by values[name]."""
    position = itertools.count()

    def value(name):
        if name not in values:
            pytest.fail(f"{pattern.route!r}: nothing fills its parameter {name!r}")
        return str(values[name])

    def route_param(match):
        return value(match["name"])

    def regex_group(match):
        return value(match["name"] or str(next(position)))

    path = ""
    for part in pattern.parts:
        text = str(part)
        if isinstance(part, RoutePattern):
            path += re.sub(r"<(?:\w+:)?(?P<name>\w+)>", route_param, text)
        else:
            path += re.sub(r"\((?:\?P<(?P<name>\w+)>)?[^)]*\)", regex_group, text.strip("^$"))
    return "/" + path


@pytest.fixture(scope="module")
def world(module_db):
    return build_world()


@pytest.fixture(autouse=True)
def photo_file(world, media_root):
    world.place_photo(media_root)


def app_paths(pattern, world):
    choices = {
        param: source if isinstance(source, list) else [getattr(world, source).pk]
        for param, source in OBJECTS.get(pattern.name, {}).items()
    }
    return [fill(pattern, dict(zip(choices, values))) for values in itertools.product(*choices.values())]


def admin_paths(pattern, world):
    app_label, model_name = (pattern.route.split("/") + ["", ""])[1:3]
    values = {"url": "tidak-ada/"}
    try:
        model = apps.get_model(app_label, model_name)
    except (LookupError, ValueError):
        model = None
    if model is not None:
        obj = model._default_manager.order_by("pk").first()
        assert obj is not None, f"the test data has no {model.__name__} for {pattern.route}"
        values.update(object_id=obj.pk, id=obj.pk, **{"0": obj.pk})
        if hasattr(obj, "history"):
            values["1"] = obj.history.order_by("history_id").first().history_id
    if pattern.name == "admin:view_on_site":
        values.update(content_type_id=ContentType.objects.get_for_model(Patrol).pk, object_id=world.patrol.pk)
    if pattern.name == "admin:app_list":
        labels = re.search(r"<app_label>([^)]*)\)", pattern.route)[1].split("|")
        return [fill(pattern, {**values, "app_label": label}) for label in labels]
    return [fill(pattern, values)]


def answer(response):
    """What a persona got: a status, or LOGIN/ADMIN_LOGIN for a redirect there that comes back to the page."""
    if response.status_code != 302:
        return response.status_code
    location = urlsplit(response["Location"])
    if location.path in ("/accounts/login/", "/admin/login/"):
        back = parse_qs(location.query).get("next", [""])[0]
        if back == response.wsgi_request.get_full_path():
            return LOGIN if location.path == "/accounts/login/" else ADMIN_LOGIN
    return 302


def mismatches(world, paths, method, expected):
    found = []
    for path in paths:
        for persona, wanted in zip(PERSONAS, expected):
            if wanted is None:
                continue
            got = answer(getattr(world.client(persona), method)(path))
            if got != wanted:
                found.append(f"{method.upper()} {path} as {persona}: {got}, expected {wanted}")
    return found


@pytest.mark.parametrize("pattern", APP_PATTERNS, ids=lambda p: p.route or "/")
def test_each_persona_gets_the_expected_answer(world, pattern):
    row = EXPECTED.get(pattern.name)
    if row is None:
        pytest.fail(f"{pattern.route!r} ({pattern.name}) has no row in EXPECTED: decide who may use it")
    paths = app_paths(pattern, world)
    for path in paths:
        assert resolve(path).route == pattern.route, path

    found = mismatches(world, paths, "get", row.get)
    if row.post:
        found += mismatches(world, paths, "post", row.post)

    assert not found, "\n".join(found)


def test_every_row_still_has_its_url():
    assert set(EXPECTED) | set(OBJECTS) <= {p.name for p in APP_PATTERNS}
    assert set(ADMIN_ANSWERS) | set(OUTSIDER_ANSWERS) <= {p.name for p in ADMIN_PATTERNS}
    assert set(EXCLUDED) <= {p.route for p in PATTERNS}


# Django's own views, for browsers only: logging in and out, the start page a browser opens, the language switch.
NOT_FOR_SCRIPTS = {"login", "logout", "home", "set_language"}


@pytest.mark.parametrize("pattern", [p for p in APP_PATTERNS if p.name not in NOT_FOR_SCRIPTS], ids=lambda p: p.route)
def test_a_script_asking_for_json_never_gets_the_login_page(world, pattern):
    """The outbox takes any answer but JSON as "not sent yet": a refusal is JSON, and never a login page."""
    found = []
    for path in app_paths(pattern, world):
        for method in ("get", "post"):
            response = getattr(world.client("anonymous"), method)(path, HTTP_ACCEPT="application/json")
            refused = response.status_code in (401, 403, 404)
            if answer(response) == LOGIN or (refused and response["Content-Type"] != "application/json"):
                found.append(f"{method.upper()} {path}: {response.status_code} {response['Content-Type']}")
    assert not found, "\n".join(found)


@pytest.mark.parametrize("pattern", ADMIN_PATTERNS, ids=lambda p: p.route)
def test_only_staff_get_into_the_admin(world, pattern):
    paths = admin_paths(pattern, world)
    for path in paths:
        assert resolve(path).route == pattern.route, path
    outsider_get, outsider_post = OUTSIDER_ANSWERS.get(pattern.name, (ADMIN_LOGIN, ADMIN_LOGIN))

    found = mismatches(world, paths, "get", (outsider_get,) * 4 + (ADMIN_ANSWERS.get(pattern.name, 200),))
    found += mismatches(world, paths, "post", (outsider_post,) * 4 + (None,))

    assert not found, "\n".join(found)


@pytest.mark.parametrize("pattern", APP_PATTERNS + ADMIN_PATTERNS, ids=lambda p: p.route or "/")
def test_no_url_takes_a_post_without_the_csrf_token(world, pattern):
    persona = "admin" if pattern.is_admin else "owner"
    paths = admin_paths(pattern, world) if pattern.is_admin else app_paths(pattern, world)
    for path in paths:
        assert world.client(persona, enforce_csrf_checks=True).post(path).status_code == 403, path
