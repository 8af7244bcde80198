"""The review list and the dashboard are kept whole, with holes for what belongs to the reader
(patrols.cache.page): what one reader is served from the cache is what the page rendered for them alone is."""

import gzip
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from patrols.models import Aspiration

from .factories import make_aspiration, make_patrol, make_user, make_visit

pytestmark = pytest.mark.django_db

PAGES = [reverse("aspiration_list"), reverse("aspiration_list") + "?status=baru&o=-created_at", reverse("dashboard")]
TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')


@pytest.fixture
def aspirations(officer):
    visit = make_visit(make_patrol(officer))
    return [make_aspiration(visit) for _ in range(3)]


def client_of(user, **options):
    client = Client(**options)
    client.force_login(user)
    return client


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def navbar_name(html):
    return re.search(r'<span class="navbar-text text-white">([^<]*)</span>', html).group(1)


def tokens(html):
    return [match.group(0) for match in TOKEN.finditer(html)]


def without_tokens(html):
    return TOKEN.sub(r"\1…\2", html)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_served_whole_from_the_cache_is_the_page_rendered_without_it(settings, humas, aspirations, path):
    client = client_of(humas)
    settings.PAGE_CACHE = False
    rendered = page(client, path)
    settings.PAGE_CACHE = True
    page(client, path)
    kept = page(client, path)
    assert "hole-" not in kept
    assert len(tokens(kept)) == len(tokens(rendered)) >= 2
    assert without_tokens(kept) == without_tokens(rendered)


@pytest.mark.parametrize("path", PAGES)
def test_each_reader_of_a_kept_page_finds_their_own_name_id_and_token(humas, aspirations, path):
    other = make_user("bripda.ani", Role.HUMAS, first_name="Ni Luh", last_name="Ayu", rank="Bripda")
    first = page(client_of(humas), path)
    second = page(client_of(other), path)
    assert navbar_name(first) == "Iptu Lalu Hamdani"
    assert navbar_name(second) == "Bripda Ni Luh Ayu"
    assert f'data-user-id="{other.pk}"' in second
    assert not set(tokens(first)) & set(tokens(second))


def test_the_token_a_kept_page_carries_is_the_readers_own(humas, aspirations, other_officer):
    other = make_user("bripda.ani", Role.HUMAS, first_name="Ni Luh", last_name="Ayu", rank="Bripda")
    page(client_of(humas), reverse("aspiration_list"))
    client = client_of(other, enforce_csrf_checks=True)
    html = page(client, reverse("aspiration_list"))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)" form="bulk-assign"', html).group(1)
    ticked = [f"{aspirations[0].pk}:{aspirations[0].version}"]
    data = {"csrfmiddlewaretoken": token, "aspirations": ticked, "assignee": other_officer.pk}
    response = client.post(reverse("aspiration_bulk_assign"), data)
    assert response.status_code == 302
    assert Aspiration.objects.get(pk=aspirations[0].pk).assignee == other_officer


def test_a_name_written_into_a_kept_page_is_escaped(humas, aspirations):
    odd = make_user("bripda.odd", Role.HUMAS, first_name="<b>Ani</b>", last_name='"&', unit=humas.unit)
    page(client_of(humas), reverse("dashboard"))
    html = page(client_of(odd), reverse("dashboard"))
    assert navbar_name(html) == "&lt;b&gt;Ani&lt;/b&gt; &quot;&amp;"
    assert "<b>Ani</b>" not in html


def test_an_admin_and_a_humas_of_one_polsek_are_not_served_each_others_navbar(humas, admin_user, aspirations):
    admin_link = f'href="{reverse("admin:index")}"'
    for _ in range(2):
        assert admin_link not in page(client_of(humas), reverse("aspiration_list"))
        assert admin_link in page(client_of(admin_user), reverse("aspiration_list"))


def test_a_message_waiting_for_the_reader_is_shown_on_a_kept_page(reviewer, aspirations, other_officer):
    page(reviewer, reverse("aspiration_list"))
    ticked = [f"{aspirations[0].pk}:{aspirations[0].version}"]
    response = reviewer.post(
        reverse("aspiration_bulk_assign"), {"aspirations": ticked, "assignee": other_officer.pk}, follow=True
    )
    assert "1 aspirasi ditugaskan kepada Brigpol Putu Adnyana." in response.content.decode()
    # Shown once: the next visit is the kept page again, without it.
    assert "ditugaskan kepada" not in page(reviewer, reverse("aspiration_list"))


def test_a_reader_who_also_files_visits_sees_their_own_task_count(humas, aspirations, officer):
    both = make_user("aiptu.dua", Role.HUMAS, Role.PETUGAS, first_name="Dua", last_name="Peran")
    Aspiration.objects.filter(pk=aspirations[0].pk).update(assignee=both)
    page(client_of(humas), reverse("aspiration_list"))
    html = page(client_of(both), reverse("aspiration_list"))
    link = html.split(f'href="{reverse("tasks")}"', 1)[1].split("</a>", 1)[0]
    assert 'aria-label="1 tugas terbuka">1</span>' in link


@pytest.mark.parametrize("path", PAGES)
def test_a_kept_page_sent_compressed_is_the_page_itself(humas, aspirations, path):
    client = client_of(humas)
    plain = page(client, path)
    sizes = set()
    for _ in range(12):
        response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
        assert response["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in response["Vary"]
        assert int(response["Content-Length"]) == len(response.content)
        # gzip checks the stream's CRC and length as it reads.
        assert without_tokens(gzip.decompress(response.content).decode()) == without_tokens(plain)
        sizes.add(len(response.content))
    assert len(sizes) > 1, "padded with random bytes against BREACH, as Django's gzip"
    assert "Content-Encoding" not in client.get(path, HTTP_ACCEPT_ENCODING="identity")
