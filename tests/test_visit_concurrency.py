"""Twenty identical submissions arriving at once leave one visit (PostgreSQL).

SQLite takes one writer at a time, so the race this guards against cannot
happen there; the sequential replays are tested in test_visit_new.py.
"""

import threading

import pytest
from django.db import connection
from django.test import Client

from patrols.models import Aspiration, Visit

from .factories import make_category, make_patrol, make_sector, visit_form_data

SUBMISSIONS = 20


# serialized_rollback keeps the role groups, made by a data migration, for the
# transactional tests that run after this one.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_identical_posts_file_one_visit(officer):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so concurrent inserts cannot race")
    patrol = make_patrol(officer)
    category = make_category()
    data = visit_form_data(make_sector(), aspirations=[{"category": category.pk, "description": "Satu kali."}])
    client = Client()
    client.force_login(officer)
    cookies = client.cookies
    start = threading.Barrier(SUBMISSIONS)
    locations, errors = [], []

    def submit():
        thread_client = Client()
        thread_client.cookies = cookies
        try:
            start.wait()
            response = thread_client.post(f"/patrols/{patrol.pk}/visits/new/", data)
            locations.append((response.status_code, response.get("Location")))
        except Exception as error:  # reported below, in the test's own thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(SUBMISSIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    visit = Visit.objects.get()
    assert Aspiration.objects.count() == 1
    assert locations == [(302, f"/visits/{visit.pk}/")] * SUBMISSIONS
