"""The busiest admin changelists run as many queries for 200 rows as for 10.

test_admin pins one row against three; this crosses the admin's 100-row page, with seed_bulk's
spread of officers, categories, villages and statuses behind the rows and the filters.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patrols.models import Aspiration, Visit

PLACES = {"sectors": 20, "officers": 8, "years": 2}


def seed_bulk(rows, seed):
    call_command("seed_bulk", visits=rows, aspirations=rows, seed=seed, stdout=StringIO(), **PLACES)


def queries_for(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "model, query",
    [(Aspiration, ""), (Aspiration, "?status__exact=selesai"), (Visit, ""), (Visit, "?situation__exact=aman")],
)
def test_a_changelist_runs_as_many_queries_for_200_rows_as_for_10(client, admin_user, model, query):
    client.force_login(admin_user)
    url = reverse(f"admin:patrols_{model._meta.model_name}_changelist") + query
    seed_bulk(10, seed=1)
    ten = queries_for(client, url)

    seed_bulk(190, seed=2)

    assert model.objects.count() == 200
    assert queries_for(client, url) == ten
