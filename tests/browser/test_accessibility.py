"""WCAG 2.2 AA where an audit found it wanting: contrast on overdue rows and on the draft's discard button,
maps that hold controls, and the language switcher on paper."""

from datetime import timedelta

import pytest
from django.utils import timezone

from patrols.models import AspirationUpdate

from ..factories import make_patrol
from ..sekongkang import sekongkang_week

# serialized_rollback brings back the role groups made by migrations (see test_humas_review.py).
live_data = pytest.mark.django_db(transaction=True, serialized_rollback=True)

TILES = "https://tile.openstreetmap.org/**"

# For every element that holds text of its own: its text colour and the background colours from it up to the first
# opaque one, as the browser computed them ("rgb(…)" / "rgba(…)").
COLOURS = """
(selector) => [...document.querySelectorAll(selector)].flatMap((root) =>
  [root, ...root.querySelectorAll("*")].filter((el) =>
    el.checkVisibility() && [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())
  ).map((el) => {
    const backgrounds = [];
    for (let node = el; node; node = node.parentElement) {
      const colour = getComputedStyle(node).backgroundColor;
      backgrounds.push(colour);
      if (!colour.startsWith("rgba") && colour !== "transparent") break;
    }
    return {text: el.textContent.trim().slice(0, 40), colour: getComputedStyle(el).color, backgrounds};
  })
)
"""

FOCUSABLE = "a[href], area[href], button, input, select, textarea, iframe, [tabindex]:not([tabindex='-1']), [contenteditable]"


def rgba(css):
    parts = css[css.index("(") + 1 : -1].replace("/", ",").replace(",", " ").split()
    red, green, blue = (float(p) for p in parts[:3])
    alpha = float(parts[3]) if len(parts) > 3 else 1.0
    return red, green, blue, alpha


def over(top, bottom):
    """`top` painted with its alpha over the opaque `bottom`."""
    alpha = top[3]
    return tuple(alpha * t + (1 - alpha) * b for t, b in zip(top[:3], bottom[:3])) + (1.0,)


def luminance(colour):
    """Relative luminance, WCAG 2.2 definition."""

    def linear(channel):
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(text, background):
    lighter, darker = sorted((luminance(text), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ratios(page, selector):
    found = []
    for item in page.evaluate(COLOURS, selector):
        background = (255.0, 255.0, 255.0, 1.0)  # the canvas under everything
        for layer in reversed(item["backgrounds"]):
            if layer != "transparent":
                background = over(rgba(layer), background)
        text = over(rgba(item["colour"]), background)
        found.append((item["text"], contrast(text, background)))
    return found


def test_the_contrast_formula():
    """WCAG's own reference points: black on white 21:1, Bootstrap's grey on white 4.69:1."""
    assert round(contrast(rgba("rgb(0, 0, 0)"), rgba("rgb(255, 255, 255)")), 2) == 21
    assert round(contrast(rgba("rgb(108, 117, 125)"), rgba("rgb(255, 255, 255)")), 2) == 4.69


@pytest.fixture
def week(officer, other_officer):
    """The patrols of three weeks ago: every aspiration recorded then is overdue by now; one was answered."""
    today = timezone.localdate()
    scene = sekongkang_week(officer, other_officer, today - timedelta(days=today.weekday() + 20))
    AspirationUpdate.objects.create(aspiration=scene.aspirations[0], author=officer, feedback_delivered=True)
    return scene


@pytest.fixture
def page(desktop):
    desktop.route(TILES, lambda route: route.abort())
    return desktop


@live_data
@pytest.mark.parametrize("path", ["/aspirations/", "/reports/weekly/"])
def test_overdue_rows_read_at_4_5_to_1(page, live_server, login, humas, week, path):
    login(page, humas)
    page.goto(f"{live_server.url}{path}")
    found = ratios(page, "tr.row-overdue")
    texts = " ".join(text for text, _ in found)
    assert found and "#" in texts
    if path == "/aspirations/":
        assert "tanggapan disampaikan" in texts, "the green text is measured too"
    assert [(text, ratio) for text, ratio in found if ratio < 4.5] == []


@live_data
def test_the_drafts_discard_button_reads_at_4_5_to_1(phone, live_server, login, officer, week):
    login(phone, officer)
    phone.goto(f"{live_server.url}/patrols/{make_patrol(officer).pk}/visits/new/")
    # Shown when a draft is restored; its colours are what is measured here.
    phone.evaluate("document.getElementById('draft-restored').hidden = false")
    found = ratios(phone, "#draft-discard")
    assert [text for text, _ in found] == ["Buang isian itu, mulai dari kosong"]
    assert found[0][1] >= 4.5, found


def focusable_inside_images(page):
    return page.evaluate(
        "(focusable) => [...document.querySelectorAll('[role=img]')].flatMap((image) =>"
        " [...image.querySelectorAll(focusable)].map((el) => image.id + ' ' + el.outerHTML.slice(0, 80)))",
        FOCUSABLE,
    )


@live_data
@pytest.mark.parametrize(
    "persona, path, map_id, name",
    [
        ("officer", lambda week: f"/patrols/{week.patrols[0].pk}/", "patrol-map", "Peta titik kunjungan patroli ini"),
        ("humas", lambda week: f"/aspirations/{week.aspirations[0].pk}/", "aspiration-map", "Peta kecil lokasi sektor"),
    ],
    ids=["patrol", "aspiration"],
)
def test_a_small_map_holds_its_controls_in_a_labelled_region(
    page, live_server, login, request, week, persona, path, map_id, name
):
    login(page, request.getfixturevalue(persona))
    page.goto(f"{live_server.url}{path(week)}")
    page.locator(f"#{map_id} .leaflet-control-zoom-in").wait_for()
    assert page.locator(f"#{map_id}").locator(FOCUSABLE).count() > 0
    assert page.get_by_role("region", name=name).count() == 1
    assert focusable_inside_images(page) == []


@live_data
@pytest.mark.parametrize("path", ["/reports/weekly/", "/aspirations/"])
def test_paper_has_no_language_switcher(page, live_server, login, humas, week, path):
    login(page, humas)
    page.goto(f"{live_server.url}{path}")
    assert page.locator("#language-select").is_visible()
    page.emulate_media(media="print")
    assert not page.locator("#language-select").is_visible()
    assert not page.get_by_role("button", name="Ganti bahasa").is_visible()
