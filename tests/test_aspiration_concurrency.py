"""Reviewers acting on one aspiration at the same moment (PostgreSQL): no update is lost.

Each request runs in its own thread with its own database connection, all
released together by a barrier, against the page version they all loaded.
SQLite takes one writer at a time, so the race cannot happen there.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from patrols.models import Aspiration

from .factories import make_aspiration, make_patrol, make_visit

REVIEWERS = 10

# serialized_rollback keeps the role groups for the transactional tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so concurrent updates cannot race")


@pytest.fixture
def aspiration(officer):
    return make_aspiration(make_visit(make_patrol(officer)))


def at_once(posts):
    """Send (client, path, data) posts all at the same moment; return their responses in order."""
    start = threading.Barrier(len(posts))
    responses, errors = [None] * len(posts), []

    def send(n, client, path, data):
        try:
            start.wait()
            responses[n] = client.post(path, data)
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(n, *post)) for n, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return responses


def reviewers(*users):
    """A logged-in client for each of REVIEWERS reviewers, taking turns among `users`."""
    clients = []
    for n in range(REVIEWERS):
        client = Client()
        client.force_login(users[n % len(users)])
        clients.append(client)
    return clients


def test_of_reviewers_moving_one_aspiration_at_once_one_wins_and_the_others_are_told(aspiration, humas, admin_user):
    path = f"/aspirations/{aspiration.pk}/"
    moves = [
        {"status": "diverifikasi", "note": ""},
        {"status": "tidak_dapat", "refusal_reason": "Bukan kewenangan Polri."},
    ]
    posts = [
        (client, path, {"version": aspiration.version, "assignee": "", **moves[n % 2]})
        for n, client in enumerate(reviewers(humas, admin_user))
    ]

    responses = at_once(posts)

    codes = sorted(response.status_code for response in responses)
    assert codes == [302] + [409] * (REVIEWERS - 1)
    winner = posts[[response.status_code for response in responses].index(302)][2]
    aspiration.refresh_from_db()
    assert aspiration.status == winner["status"]
    assert aspiration.refusal_reason == winner.get("refusal_reason", "")
    assert aspiration.version == 2
    assert aspiration.updates.get().status_to == winner["status"]
    told = [response for response in responses if response.status_code == 409]
    assert all("setelah halaman Anda dibuka" in response.content.decode() for response in told)


def test_reviewers_adding_notes_at_once_all_keep_them(aspiration, humas, admin_user):
    path = f"/aspirations/{aspiration.pk}/"
    posts = [
        (client, path, {"version": aspiration.version, "assignee": "", "note": f"Catatan {n}."})
        for n, client in enumerate(reviewers(humas, admin_user))
    ]

    responses = at_once(posts)

    assert [response.status_code for response in responses] == [302] * REVIEWERS
    notes = set(Aspiration.objects.get(pk=aspiration.pk).updates.values_list("note", flat=True))
    assert notes == {f"Catatan {n}." for n in range(REVIEWERS)}
    assert Aspiration.objects.get(pk=aspiration.pk).version == 1 + REVIEWERS
