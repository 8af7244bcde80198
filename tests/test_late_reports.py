"""Late is not wrong: a report queued on a phone with no signal is taken days later, with the time it was recorded."""

import uuid
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from patrols.access import can_edit_visit
from patrols.models import Visit

from .factories import ASKS_FOR_JSON, form_time, make_patrol, make_sector, make_visit, visit_form_data


pytestmark = pytest.mark.django_db


def url(patrol):
    return f"/patrols/{patrol.pk}/visits/new/"


def ended_patrol(officer, days_ago):
    started = timezone.now() - timedelta(days=days_ago, hours=4)
    return make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=3))


def report(patrol, **fields):
    fields.setdefault("visited_at", form_time(patrol.started_at + timedelta(hours=1)))
    return visit_form_data(make_sector(), client_uuid=str(uuid.uuid4()), **fields)


def test_a_report_six_days_after_the_patrol_ended_is_filed_with_its_own_time(officer_client, officer):
    patrol = ended_patrol(officer, days_ago=6)
    sent = report(patrol)
    response = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

    assert response.status_code == 201
    visit = Visit.objects.get()
    assert form_time(visit.visited_at) == sent["visited_at"]


@pytest.mark.parametrize("days, answer", [(2, 201), (4, 403)])
def test_the_window_is_the_setting(settings, officer_client, officer, days, answer):
    settings.LATE_REPORT_DAYS = 3
    patrol = ended_patrol(officer, days_ago=days)

    assert officer_client.post(url(patrol), report(patrol), **ASKS_FOR_JSON).status_code == answer


def test_a_visit_time_after_the_patrol_ended_is_refused(officer_client, officer):
    patrol = ended_patrol(officer, days_ago=1)
    after = patrol.ended_at + timedelta(minutes=30)
    response = officer_client.post(url(patrol), report(patrol, visited_at=form_time(after)), **ASKS_FOR_JSON)

    assert response.status_code == 422
    assert response.json()["errors"] == {"visited_at": ["Waktu kunjungan tidak boleh sesudah patroli selesai."]}


def test_a_visit_time_a_few_minutes_after_the_end_is_a_phone_clock_and_taken(officer_client, officer):
    patrol = ended_patrol(officer, days_ago=1)
    after = patrol.ended_at + timedelta(minutes=5)

    response = officer_client.post(url(patrol), report(patrol, visited_at=form_time(after)), **ASKS_FOR_JSON)

    assert response.status_code == 201


def test_the_form_of_an_ended_patrol_suggests_its_end_as_the_time(officer_client, officer):
    patrol = ended_patrol(officer, days_ago=2)
    form = officer_client.get(url(patrol)).context["form"]

    assert form["visited_at"].value().strftime("%Y-%m-%dT%H:%M") == form_time(patrol.ended_at)


def test_a_visit_time_in_the_future_is_refused(officer_client, officer):
    patrol = make_patrol(officer)
    later = timezone.now() + timedelta(hours=1)
    response = officer_client.post(url(patrol), report(patrol, visited_at=form_time(later)), **ASKS_FOR_JSON)

    assert response.json()["errors"] == {"visited_at": ["Waktu kunjungan tidak boleh di masa depan."]}


def test_editing_a_filed_visit_stays_limited_to_a_day(officer):
    visit = make_visit(make_patrol(officer))
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(hours=25))
    visit.refresh_from_db()

    assert not can_edit_visit(officer, visit)


def test_after_the_session_expired_the_officer_logs_in_again_and_the_queued_report_goes_through(officer, password):
    """The outbox's journey: 401 while the session is gone, login, a fresh token, the same report accepted."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    patrol = ended_patrol(officer, days_ago=1)
    queued = report(patrol)
    old_token = client.get("/outbox/token").json()["csrf_token"]
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))

    refused = client.post(url(patrol), queued, HTTP_X_CSRFTOKEN=old_token, **ASKS_FOR_JSON)
    assert refused.status_code == 401 and refused.json()["status"] == "login_required"
    assert client.get("/outbox/token").status_code == 401

    client.get(refused.json()["login_url"])
    login = client.post(
        "/accounts/login/?next=/outbox/",
        {"username": officer.username, "password": password,
         "csrfmiddlewaretoken": client.cookies[django_settings.CSRF_COOKIE_NAME].value},
    )
    assert login["Location"] == "/outbox/"
    token = client.get("/outbox/token").json()

    sent = client.post(url(patrol), queued, HTTP_X_CSRFTOKEN=token["csrf_token"], **ASKS_FOR_JSON)

    assert token["user_id"] == officer.pk
    assert sent.status_code == 201 and Visit.objects.get().officer == officer
