"""/map/: the map page for every role, and nothing inline for the Content-Security-Policy to refuse."""

import json
import re

import pytest
from django.template import Context, Template
from django.urls import resolve
from django.utils import translation

from patrols.services import end_patrol
from reports.views.map import links

from .factories import make_category, make_patrol

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["officer", "humas", "admin_user"])
def test_every_role_gets_the_map(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get("/map/")

    assert response.status_code == 200
    assert '<a class="nav-link" href="/map/">Peta</a>' in response.content.decode()


def test_it_has_one_heading_of_the_first_level(client, officer):
    """Screen readers list headings: the page is named by one h1, hidden because the map speaks for itself."""
    client.force_login(officer)

    headings = re.findall(r"<h1\b([^>]*)>(.*?)</h1>", client.get("/map/").content.decode())

    assert headings == [(' class="visually-hidden"', "Peta wilayah Polsek Sekongkang")]


def test_it_needs_a_login(client):
    response = client.get("/map/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/map/"


def test_an_account_without_a_role_is_refused_and_not_offered_the_map(client, outsider):
    client.force_login(outsider)

    assert client.get("/map/").status_code == 403
    assert 'href="/map/"' not in client.get("/").content.decode()


def test_the_map_is_configured_by_data_attributes_and_json(client, officer):
    make_category("Pencurian ternak")
    client.force_login(officer)

    page = client.get("/map/").content.decode()

    assert 'data-center-lat="-8.975" data-center-lon="116.8" data-zoom="12"' in page
    assert 'data-tiles-url="https://tile.openstreetmap.org/{z}/{x}/{y}.png"' in page
    assert "&amp;copy; &lt;a href=" in page
    config = json.loads(re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S)[1])
    assert config["layers"]["sectors"] == "/map/sectors.geojson"
    assert config["links"] == {"aspiration": "/aspirations/{id}/", "visit": "/visits/{id}/", "newVisit": None}
    assert config["kinds"]["public_facility"] == "Fasilitas umum"
    assert config["texts"]["daysAgo"] == "Dikunjungi {days} hari lalu"
    assert "Pencurian ternak</option>" in page


def config_of(client):
    page = client.get("/map/").content.decode()
    return json.loads(re.search(r'<script id="map-config" type="application/json">(.*?)</script>', page, re.S)[1])


def test_an_officer_on_patrol_gets_the_visit_form_to_open_at_a_sector(client, officer, other_officer, humas):
    patrol = make_patrol(other_officer)
    patrol.members.add(officer)
    client.force_login(officer)
    link = config_of(client)["links"]["newVisit"]
    assert link == f"/patrols/{patrol.pk}/visits/new/?sector={{id}}"
    assert resolve(link.split("?")[0]).url_name == "visit_new"

    end_patrol(patrol=patrol)
    assert config_of(client)["links"]["newVisit"] is None, "only while a patrol is under way"
    make_patrol(humas)
    client.force_login(humas)
    assert config_of(client)["links"]["newVisit"] is None


def test_its_links_lead_to_the_aspiration_and_visit_pages():
    assert resolve(links()["aspiration"].format(id=7)).url_name == "aspiration_detail"
    assert resolve(links()["visit"].format(id=7)).url_name == "visit_detail"


def test_it_has_no_inline_script_or_handler(client, officer):
    client.force_login(officer)

    page = client.get("/map/").content.decode()

    scripts = re.findall(r"<script[^>]*>", page)
    assert all("src=" in tag or 'type="application/json"' in tag for tag in scripts)
    assert not re.search(r"\son[a-z]+=", page)
    assert "leaflet/leaflet.js" in page and "js/map-core.js" in page and "js/map-page.js" in page


def test_the_visit_dates_default_to_the_last_week(client, officer):
    client.force_login(officer)

    page = client.get("/map/").content.decode()

    assert re.search(r'id="visits-since" name="since"\s+value="\d{4}-\d{2}-\d{2}"', page)


def test_map_attrs_writes_the_centre_with_dots_in_indonesian():
    with translation.override("id"):
        html = Template("{% load maps %}<div {% map_attrs %}></div>").render(Context())

    assert 'data-center-lon="116.8"' in html
    assert 'data-min-zoom="8"' in html and 'data-max-zoom="18"' in html
