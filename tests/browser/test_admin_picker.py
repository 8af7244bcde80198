"""The sector form's map point picker, on a closed network where map tiles do not load."""

from decimal import Decimal

import pytest

from sectors.models import Sector

from ..factories import make_village
from .offline import block_outside_requests

# The live server writes what the test reads; serialized_rollback brings back
# the role groups (a data migration) that an earlier browser test flushed away.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Kecamatan Sekongkang's extent: the union of its desa in shared/data.
KECAMATAN_LATITUDE = (Decimal("-9.110"), Decimal("-8.940"))
KECAMATAN_LONGITUDE = (Decimal("116.715"), Decimal("117.056"))

MARKER_TIP_TO_MAP_CENTRE = """() => {
    const map = document.querySelector(".point-picker-map").getBoundingClientRect();
    const icon = document.querySelector(".point-picker-map .leaflet-marker-icon").getBoundingClientRect();
    const tip = {x: icon.left + icon.width / 2, y: icon.bottom};
    return Math.hypot(tip.x - (map.left + map.width / 2), tip.y - (map.top + map.height / 2));
}"""


def test_admin_picks_a_sector_point_offline(desktop, live_server, admin_user, password, screenshot):
    page = desktop
    village = make_village(name="Tongo", code="52.07.04.2003")
    blocked = block_outside_requests(page)

    # An admin reaches the form through the admin's own login page.
    page.goto(f"{live_server.url}/admin/sectors/sector/add/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.wait_for_selector(".point-picker-map.leaflet-container")
    page.fill("#id_name", "Pos Kamling Tongo")
    page.select_option("#id_kind", "settlement")
    page.select_option("#id_village", str(village.pk))
    screenshot(page, "1-empty")

    box = page.locator(".point-picker-map").bounding_box()
    page.locator(".point-picker-map").click(position={"x": box["width"] / 2 + 80, "y": box["height"] / 2 + 50})

    latitude = Decimal(page.input_value("#id_latitude"))
    longitude = Decimal(page.input_value("#id_longitude"))
    assert KECAMATAN_LATITUDE[0] < latitude < KECAMATAN_LATITUDE[1]
    assert KECAMATAN_LONGITUDE[0] < longitude < KECAMATAN_LONGITUDE[1]
    assert latitude.as_tuple().exponent == -6
    assert page.locator(".point-picker-map .leaflet-marker-icon").count() == 1
    assert page.evaluate(MARKER_TIP_TO_MAP_CENTRE) > 50
    assert any("tile.openstreetmap.org" in request.url for request in blocked)
    screenshot(page, "2-clicked")

    marker = page.locator(".point-picker-map .leaflet-marker-icon").bounding_box()
    page.mouse.move(marker["x"] + marker["width"] / 2, marker["y"] + marker["height"] / 2)
    page.mouse.down()
    page.mouse.move(marker["x"] - 60, marker["y"], steps=5)
    page.mouse.up()
    assert Decimal(page.input_value("#id_longitude")) < longitude

    page.fill("#id_latitude", "-8.999592")
    page.fill("#id_longitude", "116.808491")
    # A function, not an expression: the Content-Security-Policy forbids eval.
    page.wait_for_function(f"() => ({MARKER_TIP_TO_MAP_CENTRE})() < 2")
    screenshot(page, "3-typed")

    page.click("input[name=_save]")
    page.wait_for_url(f"{live_server.url}/admin/sectors/sector/")

    sector = Sector.objects.get(name="Pos Kamling Tongo")
    assert sector.village == village
    assert (sector.latitude, sector.longitude) == (Decimal("-8.999592"), Decimal("116.808491"))
