"""Refused access is audit-logged: who asked for what they may not have."""

import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.test import RequestFactory

from accounts.middleware import RefusedAccessLogMiddleware

pytestmark = pytest.mark.django_db


def refusals(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "accounts.audit" and "refused" in r.getMessage()]


def test_a_403_from_a_view_is_logged(client, outsider, caplog):
    outsider.is_staff = True  # staff without any permission
    outsider.save()
    client.force_login(outsider)

    with caplog.at_level(logging.INFO, logger="accounts.audit"):
        response = client.get("/admin/sectors/sector/?q=tongo", REMOTE_ADDR="203.0.113.5")

    assert response.status_code == 403
    assert refusals(caplog) == [
        f"access refused status=403 user='warga.luar' (id {outsider.pk}) ip=203.0.113.5 "
        "path='/admin/sectors/sector/?q=tongo'"
    ]


def test_a_404_from_a_view_is_logged(client, admin_user, caplog):
    client.force_login(admin_user)

    with caplog.at_level(logging.INFO, logger="accounts.audit"):
        response = client.get("/admin/sectors/sector/987654/history/")

    assert response.status_code == 404
    assert refusals(caplog) == [
        f"access refused status=404 user='admin.polsek' (id {admin_user.pk}) ip=127.0.0.1 "
        "path='/admin/sectors/sector/987654/history/'"
    ]


def test_a_mistyped_url_is_not_logged(client, officer, caplog):
    client.force_login(officer)

    with caplog.at_level(logging.INFO, logger="accounts.audit"):
        assert client.get("/tidak-ada/").status_code == 404

    assert refusals(caplog) == []


@pytest.mark.parametrize("error", [PermissionDenied, Http404])
def test_the_middleware_lets_django_answer(rf: RequestFactory, officer, error):
    request = rf.get("/visits/1/")
    request.user = officer
    middleware = RefusedAccessLogMiddleware(lambda request: HttpResponse())

    assert middleware.process_exception(request, error()) is None
