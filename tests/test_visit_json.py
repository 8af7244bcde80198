"""POST /patrols/<id>/visits/new/ as the phone's outbox sends it: JSON answers, never a page or a redirect."""

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from patrols.models import Visit, VisitPhoto

from .factories import make_category, make_jpeg, make_patrol, make_sector, visit_form_data

JSON = {"HTTP_ACCEPT": "application/json"}
# What Chromium sends with a form's own submit.
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}

pytestmark = pytest.mark.django_db


def url(patrol):
    return f"/patrols/{patrol.pk}/visits/new/"


@pytest.fixture
def patrol(officer):
    return make_patrol(officer)


@pytest.fixture
def sector():
    return make_sector(name="Pos Ronda Dusun Sebunga")


@pytest.fixture
def logged_in(client, officer):
    client.force_login(officer)
    return client


def data(sector, **fields):
    return visit_form_data(sector, client_uuid=str(uuid.uuid4()), **fields)


def test_a_new_report_is_201_with_the_visits_address(logged_in, patrol, sector):
    photo = {"photos": [SimpleUploadedFile("foto.jpg", make_jpeg(), content_type="image/jpeg")]}
    response = logged_in.post(url(patrol), {**data(sector), **photo}, **JSON)

    visit = Visit.objects.get()
    assert response.status_code == 201
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "created", "visit_id": visit.pk, "url": f"/visits/{visit.pk}/"}
    assert VisitPhoto.objects.filter(visit=visit).count() == 1


def test_the_same_report_again_is_200_with_the_same_visit(logged_in, patrol, sector):
    sent = data(sector)
    first = logged_in.post(url(patrol), sent, **JSON).json()
    again = logged_in.post(url(patrol), sent, **JSON)

    assert again.status_code == 200
    assert again.json() == {**first, "status": "duplicate"}
    assert Visit.objects.count() == 1


def test_a_replay_finds_its_visit_after_the_patrol_closed_for_good(settings, logged_in, patrol, sector):
    sent = data(sector)
    first = logged_in.post(url(patrol), sent, **JSON).json()
    patrol.started_at = timezone.now() - timedelta(days=settings.LATE_REPORT_DAYS + 3)
    patrol.ended_at = patrol.started_at + timedelta(hours=4)
    patrol.save()

    again = logged_in.post(url(patrol), sent, **JSON)

    assert again.status_code == 200 and again.json()["visit_id"] == first["visit_id"]


def test_an_invalid_report_is_422_with_the_messages_field_by_field(logged_in, patrol, sector):
    category = make_category()
    rows = [
        {"category": category.pk, "description": "Lampu jalan mati."},
        {"category": category.pk, "description": ""},
    ]
    sent = data(sector, summary="", people_met="-3", aspirations=rows)
    response = logged_in.post(url(patrol), sent, **JSON)

    assert response.status_code == 422
    body = response.json()
    assert body["status"] == "invalid"
    assert body["errors"]["summary"] == ["Tuliskan ringkasan hasil dialog."]
    assert "people_met" in body["errors"]
    assert body["aspirations"][0] == {}
    assert list(body["aspirations"][1]) == ["description"]
    assert not Visit.objects.exists()


def test_a_broken_formset_is_told_as_a_whole_form_error(logged_in, patrol, sector):
    sent = data(sector)
    del sent["aspirations-TOTAL_FORMS"]
    response = logged_in.post(url(patrol), sent, **JSON)

    assert response.status_code == 422
    assert response.json()["errors"]["__all__"]


def test_a_visit_time_before_the_patrol_is_refused_in_indonesian(logged_in, patrol, sector):
    before = timezone.localtime(patrol.started_at) - timedelta(hours=1)
    response = logged_in.post(url(patrol), data(sector, visited_at=before.strftime("%Y-%m-%dT%H:%M")), **JSON)

    assert response.json()["errors"] == {"visited_at": ["Waktu kunjungan tidak boleh sebelum patroli dimulai."]}


def test_an_anonymous_or_expired_session_gets_401_json_not_the_login_page(client, patrol, sector):
    response = client.post(url(patrol), data(sector), **JSON)

    assert response.status_code == 401
    assert response.json()["status"] == "login_required"
    assert response.json()["login_url"] == "/accounts/login/?next=/outbox/"
    assert not Visit.objects.exists()


def test_a_browser_without_a_session_still_goes_to_the_login_page(client, patrol, sector):
    response = client.post(url(patrol), data(sector), **BROWSER)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_browsers_form_post_still_gets_the_redirect_and_the_page(logged_in, patrol, sector):
    saved = logged_in.post(url(patrol), data(sector), **BROWSER)
    refused = logged_in.post(url(patrol), data(sector, summary=""), **BROWSER)

    assert saved.status_code == 302 and saved["Location"] == Visit.objects.get().get_absolute_url()
    assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")


def test_a_refused_csrf_token_is_403_json_marked_csrf(officer, patrol, sector):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(url(patrol), data(sector), **JSON)

    assert response.status_code == 403
    assert response.json()["status"] == "forbidden" and response.json()["csrf"] is True
    assert not Visit.objects.exists()


def test_a_refused_csrf_token_on_a_page_is_still_djangos_page(officer, patrol, sector):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(url(patrol), data(sector), **BROWSER)

    assert response.status_code == 403 and response["Content-Type"].startswith("text/html")


def test_a_fresh_token_from_the_outbox_endpoint_gets_through(officer, patrol, sector):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    token = client.get("/outbox/token").json()["csrf_token"]

    response = client.post(url(patrol), data(sector), HTTP_X_CSRFTOKEN=token, **JSON)

    assert response.status_code == 201


@pytest.mark.parametrize("persona", ["humas", "admin_user", "outsider"])
def test_other_roles_get_403_json(client, request, persona, patrol, sector):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(url(patrol), data(sector), **JSON)

    assert response.status_code == 403 and response.json()["status"] == "forbidden"


def test_a_patrol_closed_longer_than_late_report_days_is_403_json_with_the_reason(settings, logged_in, officer, sector):
    settings.LATE_REPORT_DAYS = 3
    started = timezone.now() - timedelta(days=5)
    patrol = make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=4))
    response = logged_in.post(url(patrol), data(sector), **JSON)

    assert response.status_code == 403
    assert response.json() == {
        "status": "forbidden",
        "reason": "Patroli ini sudah selesai lebih dari 3 hari yang lalu; laporannya tidak dapat dikirim lagi.",
    }
    assert not Visit.objects.exists()


def test_a_patrol_the_officer_is_not_in_is_404_json(client, other_officer, patrol, sector):
    client.force_login(other_officer)
    response = client.post(url(patrol), data(sector), **JSON)

    assert response.status_code == 404 and response.json()["status"] == "not_found"

