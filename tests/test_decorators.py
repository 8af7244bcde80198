import json

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from django.contrib.auth.models import Group, Permission
from django.test import Client

from accounts.decorators import permission_required
from accounts.models import Role


@permission_required("patrols.review_aspiration")
def reviewers_only(request):
    return HttpResponse("ok")


@pytest.mark.django_db
class TestPermissionRequired:
    def request_as(self, user):
        request = RequestFactory().get("/aspirations/?status=baru")
        request.user = user
        return request

    def test_an_anonymous_visitor_is_sent_to_login(self):
        response = reviewers_only(self.request_as(AnonymousUser()))
        assert response.status_code == 302
        assert response["Location"] == "/accounts/login/?next=/aspirations/%3Fstatus%3Dbaru"

    def test_a_script_asking_for_json_gets_401_json_not_the_login_page(self):
        request = RequestFactory().post("/aspirations/", HTTP_ACCEPT="application/json")
        request.user = AnonymousUser()
        response = reviewers_only(request)

        assert response.status_code == 401
        assert json.loads(response.content)["status"] == "login_required"

    def test_a_browser_asking_for_anything_still_goes_to_the_login_page(self):
        request = RequestFactory().get("/aspirations/", HTTP_ACCEPT="text/html,application/xml;q=0.9,*/*;q=0.8")
        request.user = AnonymousUser()

        assert reviewers_only(request).status_code == 302

    def test_a_user_whose_group_lacks_the_permission_gets_403(self, officer, outsider):
        for user in (officer, outsider):
            with pytest.raises(PermissionDenied):
                reviewers_only(self.request_as(user))

    def test_a_user_whose_group_holds_it_gets_through(self, humas, admin_user):
        assert reviewers_only(self.request_as(humas)).content == b"ok"
        assert reviewers_only(self.request_as(admin_user)).content == b"ok"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "permission, path",
    [
        ("view_dashboard", "/dashboard/"),
        ("review_aspiration", "/aspirations/"),
        ("export_aspirations", "/aspirations/export.csv"),
        ("view_reports", "/reports/weekly/"),
        ("view_map", "/map/"),
    ],
)
def test_taking_a_permission_from_the_humas_group_closes_its_page(humas, permission, path):
    """The admin changes what a role can do by changing its group's permissions."""
    client = Client()
    client.force_login(humas)
    assert client.get(path).status_code == 200

    Group.objects.get(name=Role.HUMAS).permissions.remove(Permission.objects.get(codename=permission))

    client.force_login(humas)
    assert client.get(path).status_code == 403
