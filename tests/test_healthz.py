import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext


@pytest.mark.django_db
def test_it_answers_without_login_or_session(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "sessionid" not in response.cookies
    assert len(queries) == 1
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_it_reports_a_broken_database(client, monkeypatch):
    from django.db import OperationalError

    def fail(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(connection, "cursor", fail)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "error"


@pytest.mark.django_db
def test_it_takes_only_get(client):
    assert client.post("/healthz").status_code == 405
