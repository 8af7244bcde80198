"""Right after a write, with the page cache off, the review list's tabs and the map's aspirations layer
show what a fresh count of the aspirations says, for a Polsek's Humas and the Polres's."""

import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from patrols.filters import status_counts
from patrols.models import Aspiration
from patrols.selectors import aspirations_for
from patrols.services import change_aspiration

from .factories import make_category, make_patrol, visit_form_data
from .two_polsek import build_two_polsek

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PAGE_CACHE = False
    world = build_two_polsek()
    # An officer of each Polsek files a visit with two aspirations through the visit form.
    category = make_category("Jalan rusak")
    for polsek in (world.a, world.b):
        patrol = make_patrol(polsek.officer)
        rows = [
            {"category": category.pk, "description": "Jalan berlubang.", "urgency": "mendesak"},
            {"category": category.pk, "description": "Lampu padam.", "kind": "keluhan"},
        ]
        data = visit_form_data(polsek.sectors[1], aspirations=rows, client_uuid=str(uuid.uuid4()))
        response = world.client(polsek.officer).post(reverse("visit_new", args=[patrol.pk]), data)
        assert response.status_code == 302
    return world


def tab_counts(client, **params):
    response = client.get(reverse("aspiration_list"), params)
    assert response.status_code == 200
    return {value: count for value, _label, count in response.context["tabs"]}


def viewers(world):
    return [world.a.humas, world.b.humas, world.polres_humas]


def test_the_tabs_equal_fresh_counts_right_after_a_write(world):
    aspiration = world.b.aspirations[1]
    change_aspiration(
        aspiration_id=aspiration.pk, author=world.b.humas, expected_version=aspiration.version,
        status=Aspiration.Status.DIVERIFIKASI,
    )
    category = make_category("Jalan rusak")
    for viewer in viewers(world):
        client, base = world.client(viewer), aspirations_for(viewer)
        sector = world.b.sectors[1] if viewer == world.b.humas else world.a.sectors[1]
        assert tab_counts(client) == status_counts(base)
        assert tab_counts(client, category=category.pk, urgency="mendesak") == status_counts(
            base.filter(category=category, urgency="mendesak")
        )
        assert tab_counts(client, sector=sector.pk, kind="keluhan") == status_counts(
            base.filter(visit__sector=sector, kind="keluhan")
        )
        # A filter the tallies cannot answer is counted over the aspirations.
        officer = world.b.officer if viewer == world.b.humas else world.a.officer
        assert tab_counts(client, officer=officer.pk) == status_counts(base.filter(visit__officer=officer))


def test_the_map_counts_equal_fresh_counts_right_after_a_write(world):
    for viewer in viewers(world):
        response = world.client(viewer).get(reverse("map_layer", args=["aspirations"]))
        shown = {
            feature["id"]: {key: feature["properties"][key] for key in ("total", "open", "urgent")}
            for feature in json.loads(response.content)["features"]
        }
        fresh = {}
        for aspiration in aspirations_for(viewer).select_related("visit"):
            row = fresh.setdefault(aspiration.visit.sector_id, {"total": 0, "open": 0, "urgent": 0})
            row["total"] += 1
            row["open"] += aspiration.is_open
            row["urgent"] += aspiration.is_open and aspiration.urgency == "mendesak"
        assert shown == fresh, viewer


def test_the_tabs_read_the_tallies_unless_a_filter_needs_the_aspirations(world):
    client = world.client(world.polres_humas)
    cases = (({}, "figures_aspirationunittally"), ({"sector": world.a.sectors[1].pk}, "figures_aspirationtally"))
    for params, table in cases:
        with CaptureQueriesContext(connection) as captured:
            tab_counts(client, **params)
        grouped = [query["sql"] for query in captured.captured_queries if 'GROUP BY' in query["sql"]]
        assert any(table in sql for sql in grouped)
        assert not any("patrols_aspiration" in sql and '"status"' in sql.split("GROUP BY")[1] for sql in grouped)
