"""A resident's phone number (UU 27/2022): no digit of it on any page an officer reads; Humas read it where they
call back from, the aspiration's own page, and nowhere else."""

from datetime import timedelta

import pytest

from patrols.models import Aspiration, Visit

from .test_access_matrix import APP_PATTERNS, app_paths
from .world import build_world

pytestmark = pytest.mark.django_db

# Unlike any year, id or hash in a page: each run of four of its digits is looked for.
PHONE = "085937162840"
RUNS = {PHONE[i : i + 4] for i in range(len(PHONE) - 3)}


@pytest.fixture(scope="module")
def world(module_db):
    world = build_world()
    Aspiration.objects.filter(pk=world.aspiration.pk).update(resident_phone=PHONE)
    return world


@pytest.fixture(autouse=True)
def photo_file(world, media_root):
    world.place_photo(media_root)


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode(errors="replace")


def readable_pages(world, persona):
    """Every page of the app that `persona` may open, with its text."""
    client = world.client(persona)
    for pattern in APP_PATTERNS:
        for path in app_paths(pattern, world):
            response = client.get(path)
            if response.status_code == 200 and not response["Content-Type"].startswith("image/"):
                yield pattern.name, path, body(response)


def phone_digits(text):
    return sorted(run for run in RUNS if run in text)


@pytest.mark.parametrize("persona", ["owner", "other_officer"])
def test_no_page_an_officer_reads_holds_a_digit_of_the_phone(world, persona):
    pages = {name: text for name, _, text in readable_pages(world, persona) if name != "visit_edit"}
    assert {"visit_detail", "sector_open_aspirations", "map_layer"} & pages.keys()
    assert {name: phone_digits(text) for name, text in pages.items() if phone_digits(text)} == {}


def test_the_visit_page_says_a_number_was_given(world):
    text = body(world.client("owner").get(world.visit.get_absolute_url()))
    assert "Siti Aminah" in text and "nomor HP tercatat" in text


def test_humas_read_the_phone_on_the_aspiration_page_only(world):
    holding = [name for name, _, text in readable_pages(world, "humas") if phone_digits(text)]
    assert holding == ["aspiration_detail"]


def test_an_export_holds_the_phone_only_when_asked_for(world):
    client = world.client("humas")
    assert phone_digits(body(client.get("/aspirations/export.csv"))) == []
    assert PHONE in body(client.get("/aspirations/export.csv", {"personal": "1"}))


class TestTheOfficersEditForm:
    """He wrote the number down and may have mistyped it: he may correct it while the visit is his to edit."""

    def test_it_holds_the_phone_to_correct(self, world):
        text = body(world.client("owner").get(f"/visits/{world.visit.pk}/edit/"))
        assert f'value="{PHONE}"' in text

    def test_once_the_window_closed_it_shows_nothing(self, world):
        Visit.objects.filter(pk=world.visit.pk).update(created_at=world.visit.created_at - timedelta(days=2))
        response = world.client("owner").get(f"/visits/{world.visit.pk}/edit/")
        assert response.status_code == 403 and phone_digits(body(response)) == []
