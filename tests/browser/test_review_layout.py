"""The review pages as laid out: the follow-up form asks only what the chosen status needs, with or
without JavaScript, and the list's filters fold away on a phone."""

import pytest
from playwright.sync_api import expect

from patrols.models import Aspiration

from ..factories import make_aspiration, make_patrol, make_visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

AGENCY = "#div_id_forwarded_to"
AGENCY_LIST = "#div_id_agency"
REASON = "#div_id_refusal_reason"


@pytest.fixture
def aspiration(officer):
    return make_aspiration(make_visit(make_patrol(officer)), status=Aspiration.Status.DIVERIFIKASI)


def test_the_follow_up_form_shows_the_agency_and_the_reason_only_when_needed(
    desktop, live_server, login, humas, aspiration, screenshot
):
    page = desktop
    login(page, humas)
    page.goto(f"{live_server.url}/aspirations/{aspiration.pk}/")
    expect(page.locator(AGENCY)).to_be_hidden()
    expect(page.locator(REASON)).to_be_hidden()

    expect(page.locator(AGENCY_LIST)).to_be_hidden()
    page.select_option("#id_status", "diteruskan")
    expect(page.locator(AGENCY)).to_be_visible()
    expect(page.locator(AGENCY_LIST)).to_be_visible()
    expect(page.locator(REASON)).to_be_hidden()
    screenshot(page, "1-forward")

    page.select_option("#id_status", "tidak_dapat")
    expect(page.locator(AGENCY)).to_be_hidden()
    expect(page.locator(AGENCY_LIST)).to_be_hidden()
    expect(page.locator(REASON)).to_be_visible()

    page.select_option("#id_status", "ditindaklanjuti")
    expect(page.locator(AGENCY)).to_be_hidden()
    expect(page.locator(REASON)).to_be_hidden()


def test_the_follow_up_form_works_without_javascript(browser, live_server, login, humas, aspiration):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="id-ID", java_script_enabled=False)
    page = context.new_page()
    login(page, humas)
    page.goto(f"{live_server.url}/aspirations/{aspiration.pk}/")
    expect(page.locator(AGENCY)).to_be_hidden()

    page.select_option("#id_status", "diteruskan")
    page.fill("#id_forwarded_to", "Dinas PUPR KSB")
    page.get_by_role("button", name="Simpan tindak lanjut").click()
    page.wait_for_load_state()
    context.close()

    aspiration.refresh_from_db()
    assert (aspiration.status, aspiration.forwarded_to) == ("diteruskan", "Dinas PUPR KSB")


def test_the_filters_fold_away_on_a_phone_and_stay_open_on_a_desktop(
    browser, desktop, live_server, login, humas, aspiration, screenshot
):
    login(desktop, humas)
    desktop.goto(f"{live_server.url}/aspirations/")
    expect(desktop.locator("#id_q")).to_be_visible()

    context = browser.new_context(viewport={"width": 360, "height": 780}, is_mobile=True, locale="id-ID")
    phone = context.new_page()
    login(phone, humas)
    phone.goto(f"{live_server.url}/aspirations/")
    expect(phone.locator("#id_q")).to_be_hidden()
    # The list comes first: its first row is on the phone's first screen.
    assert phone.locator(f'a:text-is("#{aspiration.pk}")').first.bounding_box()["y"] < 780
    screenshot(phone, "1-folded")

    phone.locator(".filter-panel summary").click()
    expect(phone.locator("#id_q")).to_be_visible()
    screenshot(phone, "2-open")
    context.close()
