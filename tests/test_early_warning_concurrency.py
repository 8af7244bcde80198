"""Kapolsek and Humas acting on one early warning at the same moment (PostgreSQL): one step wins, the rest are told.

SQLite takes one writer at a time, so the race cannot happen there.
"""

import pytest
from django.db import connection

from early_warnings.models import EarlyWarning

from .factories import make_patrol, make_warning
from .test_aspiration_concurrency import at_once, reviewers

# serialized_rollback keeps the role groups for the transactional tests that follow.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so concurrent updates cannot race")


def test_of_reviewers_acknowledging_one_warning_at_once_one_wins_and_the_others_are_told(officer, humas, admin_user):
    warning = make_warning(make_patrol(officer))
    path = f"/warnings/{warning.pk}/"
    posts = [
        (client, path, {"version": warning.version, "action": "akui", "note": f"Diakui ({n})."})
        for n, client in enumerate(reviewers(humas, admin_user))
    ]

    responses = at_once(posts)

    assert sorted(response.status_code for response in responses) == [302] + [409] * (len(posts) - 1)
    warning.refresh_from_db()
    assert (warning.state, warning.version) == ("diakui", 2)
    assert list(warning.updates.values_list("state_from", "state_to")) == [("baru", "diakui")]


def test_notes_sent_at_once_are_all_kept(officer, humas, admin_user):
    warning = make_warning(make_patrol(officer))
    path = f"/warnings/{warning.pk}/"
    posts = [
        (client, path, {"version": warning.version, "action": "catatan", "note": f"Catatan {n}."})
        for n, client in enumerate(reviewers(humas, admin_user))
    ]

    responses = at_once(posts)

    assert {response.status_code for response in responses} == {302}
    assert EarlyWarning.objects.get(pk=warning.pk).updates.count() == len(posts)
