"""Hostile input: a corpus of bad values sent to every field of every form and every query parameter.

The fields are read from the forms themselves, so a new one is attacked too.
One field is bad at a time and the rest valid, so that a value which slips
past validation reaches the database. Each field gets one value of every
class below, taking turns through the class, rather than every value: the
same coverage of kinds of input in a fraction of the requests.

Whatever comes back is never a 500. A refused submission names what is wrong,
in Indonesian, and leaves every row as it was; an accepted one shows the value
back escaped on the page it leads to.
"""

import csv
import io
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from itertools import cycle
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin, messages
from django.contrib.admin.helpers import AdminForm
from django.contrib.admin.views.main import ORDER_VAR, PAGE_VAR, SEARCH_VAR
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.forms import BaseForm, BaseFormSet
from django.test import RequestFactory
from django.utils import timezone

from accounts.forms import LoginForm
from early_warnings.forms import WarningActionForm
from early_warnings.models import EarlyWarning, EarlyWarningUpdate
from early_warnings.services import change_warning
from patrols.filters import AspirationFilter
from patrols.forms import (
    AspirationChangeForm,
    BulkAssignForm,
    DateRangeForm,
    EditVisitForm,
    EndPatrolForm,
    NewVisitForm,
    OpenAspirationResponseForm,
    PatrolForm,
    TaskForm,
    WeekForm,
    aspiration_formset,
)
from patrols.models import Agency, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit, VisitPhoto
from sectors.models import District, Sector, Village
from sectors.resources import SectorResource
from reports.views.map import LAYERS

from .factories import PASSWORD, visit_form_data
from .world import UNIT_PERSONAS, build_world

pytestmark = pytest.mark.django_db

ABSENT = object()
CORPUS = {
    "xss": ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "javascript:alert(1)"],
    "sql": ["' OR 1=1 --", '"; DROP TABLE patrols_visit; --'],
    "huge": ["x" * 1024 * 1024],
    "control": ["a\x00b", "\x1b[31mmerah", "hapus\x7f", "\u202egpj.exe"],
    "number": ["-1", "1e309", "NaN", "99999999999999999999", "abc"],
    # Dates that do not exist, dates at the ends of the calendar, and broken UUIDs.
    "malformed": [
        "2026-13-45", "0000-00-00", "yesterday", "0001-01-01", "9999-12-31",
        "7d1f8c2e-4c1a-4e39-9a53-2f6f2b0e9a1g", "{7d1f8c2e}",
    ],
    "empty": ["", ABSENT],
    # A scalar sent twice.
    "list": [["1", "<script>alert(1)</script>"]],
}
# A query string never gets near a megabyte: gunicorn refuses a request line over 4 KB, nginx over 8 KB.
LONG_QUERY = "x" * 8 * 1024
# Django's own messages, had a translation been missed.
ENGLISH = re.compile(r"Enter a|This field|Select a valid|Ensure this|Null characters|is not a valid|Please correct")
# Everything officers, Humas and the admin record; a refused submission changes none of it.
RECORDS = [
    District, Village, Sector, Patrol, Visit, VisitPhoto, Aspiration, AspirationUpdate, AspirationCategory, Agency,
    Sector.history.model, Visit.history.model, Aspiration.history.model, EarlyWarning, EarlyWarningUpdate,
]


def values_for(fields, corpus=CORPUS):
    """(field, class, value) with every field getting every class, the values of a class taking turns."""
    turns = {kind: cycle(values) for kind, values in corpus.items()}
    return [(name, kind, next(turns[kind])) for name in fields for kind in corpus]


def records():
    return {model: list(model.objects.order_by("pk").values()) for model in RECORDS}


def shown_messages(response):
    """Every error the page shows: its forms' and formsets' errors, an import's bad rows, and messages."""
    found = []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    for value in [v for context in contexts if context for v in context.flatten().values()]:
        if isinstance(value, AdminForm):
            value = value.form
        if isinstance(value, BaseForm):
            found += [str(error) for errors in value.errors.values() for error in errors]
        elif isinstance(value, BaseFormSet):
            found += [str(e) for form_errors in value.errors for errors in form_errors.values() for e in errors]
            found += [str(error) for error in value.non_form_errors()]
        elif hasattr(value, "invalid_rows"):
            found += [str(e) for row in value.invalid_rows for errors in row.error_dict.values() for e in errors]
            found += [str(row.errors[0].error) for row in value.rows if row.errors]
    found += [str(message) for message in get_messages(response.wsgi_request)]
    return found


def escaped(value, body):
    """Whether a value that could be markup is nowhere on the page unescaped, nor a link's address."""
    if not isinstance(value, str):
        return True
    if "<" in value and value in body:
        return False
    return not re.search(r"""(href|src)\s*=\s*["']?javascript:""", body)


@dataclass
class Form:
    persona: str
    path: str
    # Every field the form takes, by the name it is posted under.
    fields: list
    # Sends the form with one field's value replaced (or left out) and returns the answer to judge.
    send: Callable


@dataclass
class Page:
    persona: str
    path: str
    params: list


def replaced(data, name, value):
    data = dict(data)
    if value is ABSENT:
        data.pop(name, None)
    elif name is not None:
        data[name] = value
    return data


def posting(path, valid, **headers):
    """A form posted to `path`; `valid` is a submission the view accepts, one bad value at a time is put into it."""

    def send(client, name, value):
        return client.post(path, replaced(valid, name, value), **headers)

    return send


def posted_names(*forms):
    """The names the forms' inputs are sent under, a date range's two halves included."""
    names = []
    for form in forms:
        if isinstance(form, BaseFormSet):
            names += posted_names(form.management_form, *form.forms)
        else:
            for bound in form:
                names += [bound.html_name, *(widget.data["name"] for widget in bound.subwidgets)]
    return list(dict.fromkeys(names))


def login_form(world, path, persona):
    valid = {"username": world.users[persona].username, "password": PASSWORD}
    return Form("anonymous", path, posted_names(LoginForm()), posting(path, valid))


def patrol_form(world):
    names = posted_names(PatrolForm(leader=world.users["other_officer"]))
    valid = {"members": [world.users["owner"].pk], "notes": "Rute pesisir"}
    return Form("other_officer", "/patrols/new/", names, posting("/patrols/new/", valid))


def new_visit_form(world, **headers):
    row = {"category": world.category.pk, "description": "Lampu jalan mati.", "resident_name": "Wayan",
           "resident_phone": "081234567890", "contact_consent": "on", "contact_channel": "whatsapp"}
    valid = visit_form_data(
        world.sector,
        aspirations=[row],
        client_uuid=str(uuid.uuid4()),
        appeals=[world.topic.pk],
        early_warning="on",
        early_warning_note="Sengketa batas kebun.",
        **{f"respond-{world.aspiration.pk}-done": "on", f"respond-{world.aspiration.pk}-note": "Sudah ke desa."},
    )
    form = NewVisitForm(patrol=world.patrol, officer=world.users["owner"])
    formset = aspiration_formset(Visit(patrol=world.patrol), valid)
    responses = OpenAspirationResponseForm(aspirations=[world.aspiration])
    path = f"/patrols/{world.patrol.pk}/visits/new/"
    return Form("owner", path, posted_names(form, formset, responses), posting(path, valid, **headers))


def end_patrol_form(world, **headers):
    path = f"/patrols/{world.patrol.pk}/end/"
    valid = {"ended_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    return Form("owner", path, posted_names(EndPatrolForm(patrol=world.patrol)), posting(path, valid, **headers))


def edit_visit_form(world):
    visit = world.visit
    form = EditVisitForm(instance=visit, patrol=visit.patrol, officer=world.users["owner"])
    formset = aspiration_formset(visit)
    valid = visit_form_data(
        visit.sector,
        client_uuid=None,
        version=form["version"].value(),
        visited_at=timezone.localtime(visit.visited_at).strftime("%Y-%m-%dT%H:%M"),
        appeals=[world.topic.pk],
        **{bound.html_name: bound.value() for bound in formset.management_form},
        **{bound.html_name: bound.value() for row in formset.forms for bound in row if bound.value()},
    )
    path = f"/visits/{visit.pk}/edit/"
    return Form("owner", path, posted_names(form, formset), posting(path, valid))


def admin_sector_form(world):
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    names = list(admin.site.get_model_admin(Sector).get_form(request).base_fields)
    valid = {"name": "Pos Kamling Baru", "kind": "settlement", "village": world.village.pk, "is_active": "on",
             "latitude": "-8.991200", "longitude": "116.743200", "address": "Dusun Tongo", "contact_name": "",
             "contact_phone": "", "notes": ""}
    return Form("admin", "/admin/sectors/sector/add/", names, posting("/admin/sectors/sector/add/", valid))


def sector_csv(world, column, value):
    row = {"name": "TPI Senutuk", "kind": "business", "village_code": world.village.code, "address": "",
           "latitude": "-9.013", "longitude": "116.834", "contact_name": "", "contact_phone": "", "notes": "",
           "is_active": "1"}
    # A cell holds text: a list becomes the comma-separated text a spreadsheet would write.
    row = replaced(row, column, ", ".join(value) if isinstance(value, list) else value)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(row))
    writer.writeheader()
    writer.writerow(row)
    return out.getvalue().encode("utf-8", "surrogatepass")


def sector_import_form(world):
    """The upload's fields, each column of the CSV, and the fields of the confirmation that follows the preview."""
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    model_admin = admin.site.get_model_admin(Sector)
    upload = posted_names(model_admin.create_import_form(request))
    columns = [f"csv:{field.column_name}" for field in SectorResource().get_import_fields()]
    confirm = [f"confirm:{name}" for name in posted_names(model_admin.get_confirm_form_class(request)())]

    path = "/admin/sectors/sector/import/"

    def send(client, name, value):
        name = name or ""
        column = name.removeprefix("csv:") if name.startswith("csv:") else None
        upload_file = SimpleUploadedFile("sektor.csv", sector_csv(world, column, value))
        data = {"format": "0", "resource": "0", "import_file": upload_file}
        preview = client.post(path, replaced(data, name if name in upload else None, value))
        if preview.status_code != 200 or "confirm_form" not in preview.context:
            return preview
        confirm = preview.context["confirm_form"].initial
        field = name.removeprefix("confirm:") if name.startswith("confirm:") else None
        return client.post("/admin/sectors/sector/process_import/", replaced(confirm, field, value))

    return Form("admin", path, upload + columns + confirm, send)


def aspiration_change_form(world, persona="humas"):
    aspiration = world.aspiration
    valid = {"version": aspiration.version, "status": "diverifikasi", "assignee": "", "note": "Sudah dicek.",
             "agency": "", "forwarded_to": "", "refusal_reason": "", "public_note": "Sudah dicek ke lokasi."}
    path = f"/aspirations/{aspiration.pk}/"
    names = posted_names(AspirationChangeForm(aspiration=aspiration, viewer=world.users[persona]))
    return Form(persona, path, names, posting(path, valid))


def bulk_assign_form(world, persona="humas"):
    aspiration = world.aspiration
    valid = {"aspirations": [f"{aspiration.pk}:{aspiration.version}"], "assignee": world.users["owner"].pk,
             "next": "/aspirations/"}
    path = "/aspirations/bulk-assign/"
    return Form(persona, path, posted_names(BulkAssignForm(viewer=world.users[persona])), posting(path, valid))


def task_form(world):
    aspiration = world.aspiration
    valid = {"version": aspiration.version, "action": "feedback", "note": "Sudah disampaikan di rumahnya.",
             "channel": "langsung", "delivered_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M")}
    path = f"/tasks/{aspiration.pk}/"
    return Form("owner", path, posted_names(TaskForm(aspiration=aspiration)), posting(path, valid))


def warning_step_form(world):
    """Humas closing the world's warning, once acknowledged: every field of the form is in play."""
    warning = world.warning
    if warning.state == EarlyWarning.State.BARU:
        change_warning(warning_id=warning.pk, author=world.users["humas"], expected_version=1, state="diakui")
        warning.refresh_from_db()
    valid = {"version": warning.version, "action": "tutup", "assignee": "", "outcome": "reda",
             "note": "Mediasi di kantor desa; kedua pihak sepakat."}
    path = f"/warnings/{warning.pk}/"
    form = WarningActionForm(warning=warning, user=world.users["humas"])
    return Form("humas", path, posted_names(form), posting(path, valid))


FORMS = {
    "login": lambda world: login_form(world, "/accounts/login/", "owner"),
    "admin login": lambda world: login_form(world, "/admin/login/", "admin"),
    "patrol": patrol_form,
    "new visit": new_visit_form,
    # As the phone's outbox sends it: the answers are JSON.
    "new visit (outbox)": lambda world: new_visit_form(world, HTTP_ACCEPT="application/json"),
    "end patrol": end_patrol_form,
    "end patrol (outbox)": lambda world: end_patrol_form(world, HTTP_ACCEPT="application/json"),
    "visit edit": edit_visit_form,
    "admin sector": admin_sector_form,
    "sector import": sector_import_form,
    "aspiration change": aspiration_change_form,
    # Humas of the Polres, over an aspiration of one of its Polsek.
    "aspiration change (Polres)": lambda world: aspiration_change_form(world, "polres_humas"),
    "bulk assign (Polres)": lambda world: bulk_assign_form(world, "polres_humas"),
    "bulk assign": bulk_assign_form,
    "task": task_form,
    "early warning step": warning_step_form,
}


@pytest.fixture(scope="module")
def world(module_db):
    return build_world()


def judge(client, response, value, before):
    """What is wrong with the answer to a hostile submission, or None.

    A submission is refused when the answer, or the page it leads to, says
    what went wrong: then nothing may have been saved.
    """
    if response.status_code == 500:
        return "a 500"
    if response["Content-Type"] == "application/json":
        return judge_json(client, response, value, before)
    if response.status_code == 302:
        page = client.get(response["Location"], follow=True)
        if page.status_code != 200 or not escaped(value, page.content.decode()):
            return f"accepted, then {page.status_code} or shown unescaped at {response['Location']}"
        told = [m for m in get_messages(page.wsgi_request) if m.level >= messages.WARNING]
        if told and records() != before:
            return "refused, but saved some of it"
        return None
    if response.status_code not in (200, 400, 409):
        return f"answered {response.status_code}"
    return judge_refusal(shown_messages(response), before)


def judge_refusal(shown, before):
    """What is wrong with a refusal that shows these messages, or None."""
    if not shown:
        return "refused without saying why"
    if any(ENGLISH.search(message) for message in shown):
        return f"explained in English: {shown}"
    if records() != before:
        return "refused, but saved some of it"
    return None


def judge_json(client, response, value, before):
    """The outbox's answers: accepted with the address of what was saved, or 422 with Indonesian messages."""
    body = response.json()
    if response.status_code in (200, 201):
        page = client.get(body["url"])
        if page.status_code != 200 or not escaped(value, page.content.decode()):
            return f"accepted, then {page.status_code} or shown unescaped at {body['url']}"
        return None
    if response.status_code != 422:
        return f"answered {response.status_code}"
    shown = [str(message) for messages in body["errors"].values() for message in messages]
    shown += [str(message) for row in body.get("aspirations", []) for messages in row.values() for message in messages]
    return judge_refusal(shown, before)


def attempt(world, form, before, name=None, value=ABSENT):
    """Send the form with one bad value and judge the answer; every change it made is undone after."""
    client = world.client(form.persona, raise_request_exception=False)
    with transaction.atomic():
        response = form.send(client, name, value)
        problem = judge(client, response, value, before)
        transaction.set_rollback(True)
    return response, problem


@pytest.mark.parametrize("name", FORMS)
def test_every_form_survives_the_corpus(world, name):
    form = FORMS[name](world)
    before = records()
    response, problem = attempt(world, form, before)
    accepted = (200, 201) if response["Content-Type"] == "application/json" else (302,)
    assert response.status_code in accepted and problem is None, f"{name}: the valid submission is refused"
    problems = []
    for field_name, kind, value in values_for(form.fields):
        response, problem = attempt(world, form, before, field_name, value)
        if problem:
            problems.append(f"{field_name}={kind} {str(value)[:40]!r}: {problem}")

    assert not problems, f"{name}:\n" + "\n".join(problems)


def admin_lists(world):
    """Every list of the admin, with the query parameters its changelist reads: search, order, page, its
    filters and its date drill-down."""
    request = RequestFactory().get("/admin/")
    request.user = world.users["admin"]
    pages = {}
    for model, model_admin in admin.site._registry.items():
        changelist = model_admin.get_changelist_instance(request)
        params = [SEARCH_VAR, ORDER_VAR, PAGE_VAR]
        params += [param for spec in changelist.filter_specs for param in spec.expected_parameters()]
        if changelist.date_hierarchy:
            params += [f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day")]
        path = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages[f"admin {model._meta.model_name}"] = Page("admin", path, params)
    return pages


def pages(world):
    review = [*posted_names(AspirationFilter(viewer=world.users["humas"]).form), "page", "cursor"]
    found = {
        "patrol list": Page("owner", "/patrols/", ["page"]),
        "aspiration list": Page("humas", "/aspirations/", review),
        "CSV export": Page("humas", "/aspirations/export.csv", [*review, "personal"]),
        "XLSX export": Page("humas", "/aspirations/export.xlsx", [*review, "personal"]),
        "press release": Page("humas", "/press-release/", posted_names(DateRangeForm())),
        "weekly report": Page("humas", "/reports/weekly/", posted_names(WeekForm())),
        "status lookup": Page("anonymous", "/cek/", ["code"]),
        "early warnings": Page("humas", "/warnings/", ["state", "page"]),
    }
    for name, layer in LAYERS.items():
        found[f"map {name}"] = Page("humas", f"/map/{name}.geojson", list(layer.form.base_fields))
    # Humas of the neighbouring Polsek and of the Polres: their own choices, someone else's ids.
    for persona in UNIT_PERSONAS:
        found[f"aspiration list ({persona})"] = Page(persona, "/aspirations/", review)
        found[f"map aspirations ({persona})"] = Page(
            persona, "/map/aspirations.geojson", list(LAYERS["aspirations"].form.base_fields)
        )
    found.update(admin_lists(world))
    return found


# django-axes' date filters in the admin pass a bare date on to a DateTimeField, as Django's own filters do.
@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
def test_every_query_parameter_survives_the_corpus(world):
    before = records()
    problems = []
    for name, page in pages(world).items():
        client = world.client(page.persona, raise_request_exception=False)
        for param, kind, value in values_for(page.params, {**CORPUS, "huge": [LONG_QUERY]}):
            response = client.get(page.path, replaced({}, param, value))
            if response.status_code not in (200, 302, 400):
                problems.append(f"{name} {param}={kind} {str(value)[:40]!r}: answered {response.status_code}")
            elif response["Content-Type"].startswith("text/html") and not escaped(value, response.content.decode()):
                problems.append(f"{name} {param}={kind} {str(value)[:40]!r}: shown back unescaped")

    assert not problems, "\n".join(problems)
    assert records() == before, "a GET changed what is recorded"


WRONG_BODIES = {
    "JSON": ("application/json", b'{"summary": "<script>alert(1)</script>", "sector": [1]}'),
    "multipart cut short": ("multipart/form-data; boundary=b", b'--b\r\nContent-Disposition: form-data; name="x"'),
    "multipart without a boundary": ("multipart/form-data", b"tanpa batas"),
    "broken URL encoding": ("application/x-www-form-urlencoded", b"%ZZ=%00&summary=%FF%FE&&=="),
    "binary": ("application/octet-stream", bytes(range(256))),
}


@pytest.mark.parametrize("name", FORMS)
def test_a_body_of_the_wrong_kind_is_never_a_500(world, name):
    form = FORMS[name](world)
    client = world.client(form.persona, raise_request_exception=False)
    answers = {kind: client.post(form.path, body, content_type=content_type).status_code
               for kind, (content_type, body) in WRONG_BODIES.items()}

    assert set(answers.values()) <= {200, 302, 400}, answers


OUTSIDE = ["https://penipu.example/", "//penipu.example/", "/\\penipu.example/", "javascript:alert(1)", "NaN"]


def test_no_way_back_leads_off_the_site(world):
    """Every `next` the site follows: after logging in, switching language and assigning aspirations."""
    owner, admin_user = world.users["owner"], world.users["admin"]
    posts = [
        ("anonymous", "/accounts/login/", {"username": owner.username, "password": PASSWORD}),
        ("anonymous", "/admin/login/", {"username": admin_user.username, "password": PASSWORD}),
        ("owner", "/i18n/setlang/", {"language": "en"}),
        ("humas", "/aspirations/bulk-assign/", {"aspirations": [f"{world.aspiration.pk}:1"], "assignee": owner.pk}),
    ]
    for persona, path, data in posts:
        for outside in OUTSIDE:
            location = world.client(persona).post(path, {**data, "next": outside})["Location"]
            # Where a browser goes, a backslash read as a slash.
            followed = urlsplit(urljoin(f"http://testserver{path}", location.replace("\\", "/")))
            assert (followed.scheme, followed.netloc) == ("http", "testserver"), (path, outside, location)
