"""POST /patrols/<id>/end/ queued on the phone: JSON answers, the time the end was tapped, and replays."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from patrols.models import Patrol

from .factories import ASKS_FOR_JSON, form_time, make_patrol, make_visit


pytestmark = pytest.mark.django_db


def url(patrol):
    return f"/patrols/{patrol.pk}/end/"


def end(client, patrol, hours_ago):
    """The end as the outbox sends it, tapped `hours_ago` hours before now."""
    tapped = form_time(timezone.now() - timedelta(hours=hours_ago))
    return client.post(url(patrol), {"ended_at": tapped}, **ASKS_FOR_JSON)


@pytest.fixture
def patrol(officer):
    return make_patrol(officer, started_at=timezone.now() - timedelta(hours=5))


def test_a_queued_end_keeps_the_time_it_was_tapped(officer_client, patrol):
    tapped = timezone.now() - timedelta(hours=2)
    response = officer_client.post(url(patrol), {"ended_at": form_time(tapped)}, **ASKS_FOR_JSON)

    patrol.refresh_from_db()
    assert response.status_code == 200
    url_and_time = {"url": f"/patrols/{patrol.pk}/", "ended_at": patrol.ended_at.isoformat()}
    assert response.json() == {"status": "ended", **url_and_time}
    assert form_time(patrol.ended_at) == form_time(tapped)


def test_without_a_time_it_ends_now(officer_client, patrol):
    officer_client.post(url(patrol), **ASKS_FOR_JSON)

    patrol.refresh_from_db()
    assert timezone.now() - patrol.ended_at < timedelta(minutes=1)


def test_the_end_sent_again_is_already_ended_and_keeps_the_first_time(officer_client, patrol):
    first = end(officer_client, patrol, hours_ago=2).json()
    again = end(officer_client, patrol, hours_ago=1)

    assert again.status_code == 200
    assert again.json() == {**first, "status": "already_ended"}
    assert Patrol.objects.get().ended_at.isoformat() == first["ended_at"]


@pytest.mark.parametrize(
    "ended_at, message",
    [
        (lambda patrol: timezone.now() + timedelta(hours=1), "Waktu selesai tidak boleh di masa depan."),
        (
            lambda patrol: patrol.started_at - timedelta(hours=1),
            "Waktu selesai tidak boleh sebelum patroli dimulai atau kunjungan terakhirnya.",
        ),
    ],
    ids=["future", "before the start"],
)
def test_a_time_that_cannot_be_is_422_and_the_patrol_stays_open(officer_client, patrol, ended_at, message):
    response = officer_client.post(url(patrol), {"ended_at": form_time(ended_at(patrol))}, **ASKS_FOR_JSON)

    assert response.status_code == 422
    assert response.json() == {"status": "invalid", "errors": {"ended_at": [message]}}
    assert Patrol.objects.get().is_under_way


def test_the_end_cannot_come_before_the_last_visit(officer_client, patrol):
    make_visit(patrol, visited_at=timezone.now() - timedelta(hours=1))
    response = end(officer_client, patrol, hours_ago=2)

    assert response.status_code == 422 and Patrol.objects.get().is_under_way


def test_a_time_in_the_patrols_first_minute_is_taken_as_its_start(officer_client, officer):
    """The phone sends minutes: 10.05 for a patrol started at 10.05.30 must not end before it began."""
    started = timezone.now().replace(second=30, microsecond=0) - timedelta(hours=1)
    patrol = make_patrol(officer, started_at=started)
    response = officer_client.post(url(patrol), {"ended_at": form_time(started)}, **ASKS_FOR_JSON)

    assert response.status_code == 200
    assert Patrol.objects.get().ended_at == started


def test_a_few_minutes_ahead_is_a_phone_clock_and_the_end_is_now(officer_client, patrol):
    officer_client.post(url(patrol), {"ended_at": form_time(timezone.now() + timedelta(minutes=5))}, **ASKS_FOR_JSON)

    assert Patrol.objects.get().ended_at <= timezone.now()


def test_an_unreadable_time_is_422_in_indonesian(officer_client, patrol):
    response = officer_client.post(url(patrol), {"ended_at": "kemarin"}, **ASKS_FOR_JSON)

    assert response.status_code == 422
    message = "Waktu selesai tidak dapat dibaca. Gunakan format TTTT-BB-HH JJ:MM."
    assert response.json()["errors"] == {"ended_at": [message]}


def test_a_browser_gets_the_patrol_page_with_the_message(officer_client, patrol):
    response = officer_client.post(url(patrol), {"ended_at": "kemarin"}, follow=True)

    assert response.redirect_chain[-1][0] == f"/patrols/{patrol.pk}/"
    assert "Waktu selesai tidak dapat dibaca" in response.content.decode()
    assert Patrol.objects.get().is_under_way


def test_logged_out_is_401_json(client, patrol):
    response = client.post(url(patrol), **ASKS_FOR_JSON)

    assert response.status_code == 401 and response.json()["status"] == "login_required"


def test_humas_gets_403_json(client, humas, patrol):
    client.force_login(humas)
    response = client.post(url(patrol), **ASKS_FOR_JSON)

    assert response.status_code == 403 and response.json()["status"] == "forbidden"
    assert Patrol.objects.get().is_under_way


def test_a_refused_csrf_token_is_403_json(officer, patrol):
    client = Client(enforce_csrf_checks=True)
    client.force_login(officer)
    response = client.post(url(patrol), **ASKS_FOR_JSON)

    assert response.status_code == 403 and response.json()["csrf"] is True
