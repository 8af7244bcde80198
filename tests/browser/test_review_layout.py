"""The review pages as laid out: the follow-up form asks only what the chosen status needs, with or
without JavaScript, the list's filters fold away on a phone, and its pager works on a phone and a desktop."""

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


@pytest.mark.parametrize("width, height", [(360, 780), (1366, 768)])
def test_the_pager_goes_forward_back_and_to_the_first_page(
    browser, live_server, login, humas, officer, screenshot, width, height
):
    visit = make_visit(make_patrol(officer))
    made = [make_aspiration(visit).pk for _ in range(55)]
    context = browser.new_context(viewport={"width": width, "height": height}, is_mobile=width < 400, locale="id-ID")
    page = context.new_page()
    login(page, humas)
    page.goto(f"{live_server.url}/aspirations/")
    expect(page.get_by_text("Menampilkan 1–25 dari 55")).to_be_visible()
    expect(page.get_by_role("link", name="Halaman pertama")).to_have_count(0)

    page.get_by_role("link", name="Berikutnya ›").click()
    expect(page.get_by_text("Menampilkan 26–50 dari 55")).to_be_visible()
    for name in ("Halaman pertama", "‹ Sebelumnya", "Berikutnya ›"):
        # Within the screen's width and tall enough for a thumb.
        box = page.get_by_role("link", name=name).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 30, name
    screenshot(page, f"pager-{width}")

    page.get_by_role("link", name="Berikutnya ›").click()
    expect(page.get_by_text("Menampilkan 51–55 dari 55")).to_be_visible()
    expect(page.get_by_role("link", name="Berikutnya ›")).to_have_count(0)
    assert sorted(int(n.lstrip("#")) for n in page.locator("a.fw-semibold").all_inner_texts()) == made[:5]

    page.get_by_role("link", name="‹ Sebelumnya").click()
    expect(page.get_by_text("Menampilkan 26–50 dari 55")).to_be_visible()
    page.get_by_role("link", name="Halaman pertama").click()
    expect(page.get_by_text("Menampilkan 1–25 dari 55")).to_be_visible()
    context.close()
