"""Every page of the Humas review: Humas and Admin only."""

import re

import pytest

from .factories import make_aspiration, make_patrol, make_visit

PAGES = [
    ("get", "/aspirations/"),
    ("get", "/aspirations/{aspiration}/"),
    ("post", "/aspirations/{aspiration}/"),
    ("post", "/aspirations/bulk-assign/"),
    ("get", "/aspirations/export.csv"),
    ("get", "/aspirations/export.xlsx"),
    ("get", "/dashboard/"),
    ("get", "/patrols/{patrol}/press-release/"),
    ("get", "/press-release/"),
    ("get", "/reports/weekly/"),
]


@pytest.fixture
def targets(officer):
    patrol = make_patrol(officer)
    return {"aspiration": make_aspiration(make_visit(patrol)).pk, "patrol": patrol.pk}


def fetch(client, method, url, targets):
    return getattr(client, method)(url.format(**targets))


@pytest.mark.django_db
@pytest.mark.parametrize("method, url", PAGES)
class TestReviewPages:
    def test_an_anonymous_visitor_is_sent_to_login(self, client, targets, method, url):
        response = fetch(client, method, url, targets)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")

    @pytest.mark.parametrize("persona", ["officer", "outsider"])
    def test_an_officer_or_a_user_without_a_role_gets_403(self, client, targets, method, url, persona, request):
        client.force_login(request.getfixturevalue(persona))
        assert fetch(client, method, url, targets).status_code == 403

    @pytest.mark.parametrize("persona", ["humas", "admin_user"])
    def test_humas_and_admin_get_in(self, client, targets, method, url, persona, request):
        client.force_login(request.getfixturevalue(persona))
        response = fetch(client, method, url, targets)
        # A POST without form data comes back to the page or the list.
        assert response.status_code == (200 if method == "get" or "bulk" not in url else 302)


def menu(client):
    body = client.get("/", follow=True).content.decode()
    items = body[body.index('<ul class="navbar-nav'):body.index("</ul>")]
    return re.findall(r'<a class="nav-link" href="([^"]+)">([^<]+)</a>', items)


@pytest.mark.django_db
def test_reviewers_find_the_pages_in_the_menu(client, humas, officer):
    client.force_login(humas)
    assert menu(client) == [
        ("/", "Beranda"), ("/aspirations/", "Aspirasi"), ("/dashboard/", "Dasbor"), ("/patrols/", "Patroli"),
        ("/map/", "Peta"), ("/warnings/", "Peringatan dini"),
    ]
    client.force_login(officer)
    assert menu(client) == [
        ("/", "Beranda"), ("/patrols/", "Patroli saya"), ("/outbox/", "Antrean laporan"), ("/map/", "Peta"),
        ("/warnings/", "Peringatan dini"),
    ]
