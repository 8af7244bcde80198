"""What the benchmark measures: one entry per page, saying who asks for it and how its URL is built.

Pages are named by their URL name, so a page another branch has not brought in yet shows in the
table as "not available in this build" and is measured as soon as its route exists. To measure
another page, add a line to PAGES.
"""

import uuid
from dataclasses import dataclass
from typing import Callable

from django.urls import get_resolver, reverse
from django.utils import timezone

from bench.client import BenchError

# The roles a page is read by; VIEWERS names the demo account reading it at each level.
HUMAS = "humas"
OFFICER = "petugas"
ADMIN = "admin"
NOT_AVAILABLE = "not available in this build"
NO_READER = "not read at this level"

POLSEK, POLRES = "Polsek", "Polres"
# The fresh tables (bench/fresh.py): the officers filing visits under the mixed load, 4 of Polsek Sekongkang and
# 2 each of Maluk and Jereweh, each in a session of their own, and the reviewers reading at the same time.
OFFICERS_AT_WORK = [
    "petugas", "petugas2", "petugas3", "petugas4", "maluk.petugas", "maluk.petugas2", "jereweh.petugas",
    "jereweh.petugas2",
]
REVIEWERS_AT_WORK = {POLSEK: ["humaspolsek", "maluk.humas"], POLRES: ["humas", "kapolres"]}
# A Polsek's accounts (Polsek Sekongkang's) and accounts whose reach is the whole Polres: its Kasi Humas, and for
# the admin the superuser. Officers serve in a Polsek: their pages have no reader at the Polres but the map.
VIEWERS = {
    POLSEK: {HUMAS: "humaspolsek", OFFICER: "petugas", ADMIN: "admin"},
    POLRES: {HUMAS: "humas", ADMIN: "superadmin"},
}


@dataclass(frozen=True)
class Ids:
    """Objects the URLs point at, looked up in the benchmark database before the run."""

    patrol: int
    visit: int
    aspiration: int
    warning: int


def no_args(ids):
    return ()


def visit_report(form):
    """A visit report as an officer files it: the form as served, a place, a summary and a fresh client UUID."""
    sector = next(value for value in form.choices.get("sector", []) if value)
    return form.data(
        sector=sector,
        people_met="7",
        situation="aman",
        summary="Patroli dialogis uji kinerja: dialog dengan warga, situasi aman dan kondusif.",
        client_uuid=str(uuid.uuid4()),
    )


EMPTY_ASPIRATION = "aspirations-__prefix__-"


def visit_with_aspiration(form):
    """A visit report filed now, with one anonymous aspiration: the row the form's "add" button copies from its
    empty template (prefix `__prefix__`), numbered 0."""
    category = next((value for value in form.choices.get(f"{EMPTY_ASPIRATION}category", []) if value), None)
    if category is None:
        raise BenchError("The visit form has no aspiration row to copy (no category to choose).")
    data = visit_report(form)
    for name, values in list(data.items()):
        if name.startswith(EMPTY_ASPIRATION):
            data[name.replace("__prefix__", "0", 1)] = values
    data.update({
        "visited_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "aspirations-TOTAL_FORMS": "1",
        "aspirations-0-category": category,
        "aspirations-0-description": "Warga meminta patroli malam ditambah di sekitar pasar (uji kinerja).",
        "aspirations-0-is_anonymous": "on",
    })
    return data


@dataclass(frozen=True)
class Page:
    label: str
    user: str | None
    route: str
    args: Callable = no_args
    query: str = ""
    # For a POST: the data to send, built from the form the page serves (see bench.client.Form).
    submit: Callable | None = None
    expect: int = 200
    # Officer pages are also weighed: bytes of a first and a repeat load.
    officer_page: bool = False
    # The role reading the page at the Polres, when it is not the page's own.
    polres_role: str | None = None

    @property
    def method(self):
        return "POST" if self.submit else "GET"


PAGES = [
    Page("/healthz (floor)", None, "healthz"),
    # Humas and Admin land on /dashboard/ (a redirect, measured below as the page itself).
    Page("/", OFFICER, "home", officer_page=True),
    Page("/aspirations/", HUMAS, "aspiration_list"),
    Page("/aspirations/?status=baru", HUMAS, "aspiration_list", query="status=baru"),
    Page("/aspirations/?overdue=1&urgency=tinggi", HUMAS, "aspiration_list", query="overdue=1&urgency=tinggi"),
    Page("/aspirations/<id>/", HUMAS, "aspiration_detail", args=lambda ids: (ids.aspiration,)),
    # Narrowed to tens or hundreds of rows at the benchmark's sizes: exporting everything measures only its length.
    Page("/aspirations/export.csv?status=baru&urgency=mendesak", HUMAS, "aspiration_export_csv",
         query="status=baru&urgency=mendesak"),
    Page("/aspirations/export.xlsx?status=baru&urgency=mendesak", HUMAS, "aspiration_export_xlsx",
         query="status=baru&urgency=mendesak"),
    Page("/dashboard/", HUMAS, "dashboard"),
    Page("/warnings/", HUMAS, "warning_list"),
    Page("/warnings/?state=ditutup", HUMAS, "warning_list", query="state=ditutup"),
    Page("/warnings/<id>/", HUMAS, "warning_detail", args=lambda ids: (ids.warning,)),
    Page("/warnings/", OFFICER, "warning_list", officer_page=True),
    Page("/map/", OFFICER, "map", officer_page=True, polres_role=HUMAS),
    # Stands for every GeoJSON layer of the map (see geojson_pages).
    GEOJSON := Page("/map/*.geojson", OFFICER, "map_layer", polres_role=HUMAS),
    Page("/patrols/", OFFICER, "patrol_list", officer_page=True),
    Page("/patrols/<id>/", OFFICER, "patrol_detail", args=lambda ids: (ids.patrol,), officer_page=True),
    Page("/patrols/<id>/visits/new/", OFFICER, "visit_new", args=lambda ids: (ids.patrol,), officer_page=True),
    Page("/patrols/<id>/visits/new/", OFFICER, "visit_new", args=lambda ids: (ids.patrol,), submit=visit_report,
         expect=302),
    Page("/visits/<id>/", OFFICER, "visit_detail", args=lambda ids: (ids.visit,), officer_page=True),
    Page("/tasks/", OFFICER, "tasks", officer_page=True),
    Page("/admin/patrols/aspiration/", ADMIN, "admin:patrols_aspiration_changelist"),
    Page("/admin/patrols/aspiration/?status__exact=baru", ADMIN, "admin:patrols_aspiration_changelist",
         query="status__exact=baru"),
    Page("/admin/patrols/aspiration/<id>/change/", ADMIN, "admin:patrols_aspiration_change",
         args=lambda ids: (ids.aspiration,)),
    Page("/admin/patrols/visit/", ADMIN, "admin:patrols_visit_changelist"),
]


def reader(page, level):
    """The username reading `page` at `level` (POLSEK or POLRES); None for no reader there or anonymous pages."""
    role = (page.polres_role if level == POLRES else None) or page.user
    return VIEWERS[level].get(role) if role else None


def usernames():
    return sorted({name for viewers in VIEWERS.values() for name in viewers.values()})


def accounts_at_work():
    """The accounts of the fresh tables: the officers filing under the mixed load and its reviewers."""
    return sorted({*OFFICERS_AT_WORK, *(name for names in REVIEWERS_AT_WORK.values() for name in names)})


def is_known(route):
    """Whether the URLconf has a route of this name ("namespace:name" for a namespaced one)."""
    resolver = get_resolver()
    *namespaces, name = route.split(":")
    for namespace in namespaces:
        if namespace not in resolver.namespace_dict:
            return False
        resolver = resolver.namespace_dict[namespace][1]
    return name in resolver.reverse_dict


def url_for(page, ids):
    """The page's URL, or None when this build has no such route."""
    if not is_known(page.route):
        return None
    url = reverse(page.route, args=page.args(ids))
    return f"{url}?{page.query}" if page.query else url


def geojson_pages():
    """A page for every layer the map serves (/map/<layer>.geojson, with its default filters)."""
    from reports.views.map import LAYERS

    return [
        Page(f"/map/{name}.geojson", GEOJSON.user, "map_layer", args=lambda ids, name=name: (name,),
             polres_role=GEOJSON.polres_role)
        for name in LAYERS
    ]


# Read by the fresh tables (bench/fresh.py), as the Humas of each level: the Humas pages (the exports aside: files
# whose cost is their length) and every layer of the map right after a write; the review list, the dashboard and
# the layers under the mixed load.
AFTER_WRITE_ROUTES = {
    "aspiration_list", "aspiration_detail", "dashboard", "warning_list", "warning_detail", "map_layer",
}
MIXED_ROUTES = {"aspiration_list", "dashboard", "map_layer"}


def humas_pages(routes):
    """The GET pages of these routes that a Humas reads."""
    return [
        page for page in pages_for_build()
        if page.route in routes and not page.submit and HUMAS in (page.user, page.polres_role)
    ]


def pages_for_build():
    pages = []
    for page in PAGES:
        pages += geojson_pages() if page is GEOJSON else [page]
    return pages
