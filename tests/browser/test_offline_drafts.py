"""Visit drafts on a shared phone: per officer, only once typed, gone at logout and after a week."""

import json
import re
import time

import pytest

from tests.factories import make_jpeg, make_patrol

from .menu import open_menu
from .test_visit_journey import fill_visit, places  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DRAFT_KEYS = "Object.keys(localStorage).filter(k => k.startsWith('patroli-dialogis:draft:'))"


def test_a_form_only_opened_leaves_no_draft(phone, login, live_server, officer):
    patrol = make_patrol(officer)
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    phone.goto(url)
    # Scripts that fill fields (none typed by the officer) and leaving the page save nothing.
    phone.evaluate("document.getElementById('id_people_met').dispatchEvent(new Event('change', {bubbles: true}))")
    phone.goto(f"{live_server.url}/")
    assert phone.evaluate(DRAFT_KEYS) == []
    phone.goto(url)
    assert phone.locator("#draft-restored").is_hidden()


def test_drafts_belong_to_one_officer_and_go_at_logout(browser, phone, login, live_server, screenshot, officer, other_officer, places):
    patrol = make_patrol(officer)
    patrol.members.add(other_officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    login(phone, officer)
    phone.goto(url)
    fill_visit(phone, places, summary="Pak Made minta dihubungi di 081234567890.")
    phone.goto(f"{live_server.url}/")
    assert phone.evaluate(DRAFT_KEYS) == [f"patroli-dialogis:draft:{officer.pk}:visit:{patrol.pk}"]

    # The first officer's session ends without a logout; the second logs in on the same phone.
    phone.context.clear_cookies()
    login(phone, other_officer)
    phone.goto(url)
    screenshot(phone, "01-second-officer")
    assert phone.locator("#draft-restored").is_hidden()
    assert phone.input_value("#id_summary") == ""
    assert "081234567890" not in phone.content()

    phone.context.clear_cookies()
    login(phone, officer)
    phone.goto(url)
    phone.wait_for_selector("#draft-restored:not([hidden])")
    assert phone.input_value("#id_summary") == "Pak Made minta dihubungi di 081234567890."

    open_menu(phone)
    phone.click("button:has-text('Keluar')")
    phone.wait_for_url(re.compile(r"/accounts/login/$"))
    assert phone.evaluate(DRAFT_KEYS) == []


def test_an_old_draft_and_one_of_nobody_are_not_restored(phone, login, live_server, officer, places):
    patrol = make_patrol(officer)
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    phone.goto(url)
    eight_days_ago = (time.time() - 8 * 24 * 3600) * 1000
    old = {"uuid": "x", "values": {"summary": ["Seminggu lebih yang lalu."]}, "savedAt": eight_days_ago}
    nobody = {"uuid": "y", "values": {"summary": ["Draf dari sebelum ada pemiliknya."]}, "savedAt": time.time() * 1000}
    phone.evaluate(
        "([key, draft, legacy, other]) => { localStorage.setItem(key, draft); localStorage.setItem(legacy, other); }",
        [f"patroli-dialogis:draft:{officer.pk}:visit:{patrol.pk}", json.dumps(old), f"patroli-dialogis:draft:visit:{patrol.pk}", json.dumps(nobody)],
    )
    phone.goto(url)
    assert phone.locator("#draft-restored").is_hidden()
    assert phone.input_value("#id_summary") == ""
    assert phone.evaluate(DRAFT_KEYS) == []


def test_a_restored_draft_takes_the_time_of_now_names_its_photos_and_shows_its_position(
    phone, login, live_server, screenshot, officer, places, tmp_path
):
    photo = tmp_path / "IMG_20261128_0932.jpg"
    photo.write_bytes(make_jpeg(1200, 900))
    patrol = make_patrol(officer)
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    phone.goto(url)
    phone.click("#locate")
    phone.wait_for_selector("#nearest-sectors button")
    phone.click("#nearest-sectors button >> nth=0")
    fill_visit(phone, places)
    now = phone.input_value("#id_visited_at")
    earlier = now[:11] + "00:05" if now[11:] != "00:05" else now[:11] + "00:06"
    phone.fill("#id_visited_at", earlier)
    phone.set_input_files("#photo-gallery", str(photo))
    phone.wait_for_selector("#photo-list >> text=IMG_20261128_0932.jpg")

    phone.goto(url)
    phone.wait_for_selector("#draft-restored:not([hidden])")
    screenshot(phone, "01-restored")
    banner = phone.inner_text("#draft-restored")
    assert phone.input_value("#id_visited_at") != earlier
    assert phone.input_value("#id_visited_at")[:10] == now[:10]
    assert earlier.replace("T", " ") in banner
    assert "Pilih lagi: IMG_20261128_0932.jpg" in banner
    assert phone.inner_text("#location-status") == "Posisi tercatat, ketelitian ± 15 m."

    phone.click("#draft-keep-time")
    assert phone.input_value("#id_visited_at") == earlier


def test_a_draft_for_an_ended_patrol_keeps_its_time(phone, login, live_server, officer, places):
    from datetime import timedelta

    from django.utils import timezone

    patrol = make_patrol(officer, started_at=timezone.now() - timedelta(hours=3), ended_at=timezone.now() - timedelta(hours=1))
    login(phone, officer)
    url = f"{live_server.url}/patrols/{patrol.pk}/visits/new/"
    phone.goto(url)
    suggested = phone.input_value("#id_visited_at")
    fill_visit(phone, places, summary="Ditulis sesudah patroli selesai.")
    phone.goto(url)
    phone.wait_for_selector("#draft-restored:not([hidden])")
    # "Now" would be after the patrol's end, which the server refuses.
    assert phone.input_value("#id_visited_at") == suggested
