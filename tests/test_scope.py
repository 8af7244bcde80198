"""Two Polsek under one Polres: each Polsek's Humas reads what its Polsek holds and nothing of the other's,
the Polres's Humas reads both, and no write reaches across. Pages are rendered one viewer after the other
with the cache on, so that a page cached for one viewer answering another would show here."""

import csv
import io
import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import Role
from accounts.scope import scope_key, unit_ids_for
from patrols.models import Aspiration, Patrol, Visit
from sectors.models import Sector

from .factories import make_user, visit_form_data
from .two_polsek import build_two_polsek

pytestmark = pytest.mark.django_db

HUMAS_PAGES = [
    reverse("dashboard"),
    reverse("aspiration_list"),
    reverse("aspiration_list") + "?status=diteruskan",
    reverse("aspiration_export_csv"),
    reverse("weekly_report"),
    reverse("press_release"),
    *(reverse("map_layer", args=[name]) for name in ("districts", "villages", "sectors", "aspirations", "visits")),
]


@pytest.fixture(scope="module")
def world(module_db):
    return build_two_polsek()


def text(response):
    assert response.status_code == 200, response
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


def viewers(world):
    """Each viewer with the words it must read and the ones it must never read."""
    a, b = world.a, world.b
    return [
        (a.humas, [a.word], [b.word]),
        (b.humas, [b.word], [a.word]),
        (world.polres_humas, [a.word, b.word], []),
    ]


def test_a_polsek_reaches_itself_and_the_polres_both(world):
    assert unit_ids_for(world.a.humas) == (world.a.unit.pk,)
    assert set(unit_ids_for(world.polres_humas)) == {world.polres.pk, world.a.unit.pk, world.b.unit.pk}
    assert len({scope_key(user) for user in (world.a.humas, world.b.humas, world.polres_humas)}) == 3


def test_an_account_without_a_unit_reads_nothing_and_a_superuser_without_one_everything(world):
    nobody = make_user("humas.tanpa.kesatuan", Role.HUMAS, unit=None)
    root = make_user("akar", unit=None, is_superuser=True)
    client = Client()
    client.force_login(nobody)
    body = text(client.get(reverse("aspiration_list")))
    assert world.a.word not in body and world.b.word not in body
    client.force_login(root)
    body = text(client.get(reverse("aspiration_list")))
    assert world.a.word in body and world.b.word in body


@pytest.mark.parametrize("path", HUMAS_PAGES)
def test_each_viewer_reads_its_own_polsek_and_never_the_other(world, path):
    for user, seen, unseen in viewers(world):
        body = text(world.client(user).get(path))
        for word in seen:
            assert word in body, (path, user.username, word)
        for word in unseen:
            assert word not in body, (path, user.username, word)


def export_rows(world, user):
    body = text(world.client(user).get(reverse("aspiration_export_csv")))
    return list(csv.reader(io.StringIO(body)))[1:]


def test_the_export_holds_as_many_rows_as_the_polsek_has_aspirations(world):
    for polsek in (world.a, world.b):
        assert len(export_rows(world, polsek.humas)) == Aspiration.objects.filter(unit=polsek.unit).count()
    everything = Aspiration.objects.filter(unit__in=[world.a.unit, world.b.unit]).count()
    assert len(export_rows(world, world.polres_humas)) == everything


def test_the_review_list_counts_what_the_polsek_holds(world):
    for polsek in (world.a, world.b):
        body = text(world.client(polsek.humas).get(reverse("aspiration_list")))
        assert body.count(f"Lampu jalan {polsek.word}") == Aspiration.objects.filter(unit=polsek.unit).count()


def layer(world, user, name):
    return json.loads(text(world.client(user).get(reverse("map_layer", args=[name]))))["features"]


def test_the_map_layers_count_what_the_polsek_holds(world):
    for polsek in (world.a, world.b):
        sectors = layer(world, polsek.humas, "sectors")
        assert {f["id"] for f in sectors} == set(
            Sector.objects.filter(village__district__unit=polsek.unit).values_list("pk", flat=True)
        )
        total = sum(f["properties"]["total"] for f in layer(world, polsek.humas, "aspirations"))
        assert total == Aspiration.objects.filter(unit=polsek.unit).count()
        visits = [pk for f in layer(world, polsek.humas, "visits") for pk in f["properties"]["visits"]]
        assert sorted(visits) == sorted(Visit.objects.filter(unit=polsek.unit).values_list("pk", flat=True))
    assert len(layer(world, world.polres_humas, "districts")) == 2


def test_the_polres_sees_each_polseks_area_named_and_a_polsek_its_own(world):
    named = {f["properties"]["unit"] for f in layer(world, world.polres_humas, "districts")}
    assert named == {world.a.unit.name, world.b.unit.name}
    for polsek in (world.a, world.b):
        assert [f["properties"]["unit"] for f in layer(world, polsek.humas, "districts")] == [polsek.unit.name]


def test_the_etag_of_a_layer_differs_between_polsek(world):
    path = reverse("map_layer", args=["sectors"])
    etags = {world.client(user).get(path)["ETag"] for user in (world.a.humas, world.b.humas, world.polres_humas)}
    assert len(etags) == 3


def test_the_other_polseks_objects_are_not_found(world):
    a, b = world.a, world.b
    client = world.client(a.humas)
    aspiration = b.aspirations[0]
    for path in (
        reverse("aspiration_detail", args=[aspiration.pk]),
        reverse("visit_detail", args=[b.visit.pk]),
        reverse("patrol_detail", args=[b.visit.patrol_id]),
        reverse("patrol_press_release", args=[b.visit.patrol_id]),
    ):
        assert client.get(path).status_code == 404, path
    assert world.client(world.polres_humas).get(reverse("aspiration_detail", args=[aspiration.pk])).status_code == 200
    assert world.client(a.officer).get(reverse("sector_open_aspirations", args=[b.sectors[0].pk])).status_code == 404


def test_the_filters_offer_only_the_polseks_own_places_and_people(world):
    body = text(world.client(world.a.humas).get(reverse("aspiration_list")))
    assert f"Desa {world.a.word}" in body and f"Petugas{world.a.word}" in body
    response = world.client(world.a.humas).get(reverse("aspiration_list"), {"sector": world.b.sectors[0].pk})
    assert world.b.word not in text(response)
    assert response.context["filter"].form.errors["sector"]


def test_an_aspiration_is_not_assigned_to_an_officer_of_another_polsek(world):
    aspiration = world.a.aspirations[-1]
    data = {"version": aspiration.version, "status": "", "note": "", "assignee": world.b.officer.pk}
    response = world.client(world.a.humas).post(reverse("aspiration_detail", args=[aspiration.pk]), data)
    assert response.status_code == 200
    assert response.context["form"].errors["assignee"]
    aspiration.refresh_from_db()
    assert aspiration.assignee_id is None


def test_bulk_assignment_refuses_ids_outside_the_viewers_reach(world):
    mine, theirs = world.a.aspirations[-1], world.b.aspirations[-1]
    ticked = [f"{mine.pk}:{mine.version}", f"{theirs.pk}:{theirs.version}"]
    client = world.client(world.a.humas)
    response = client.post(
        reverse("aspiration_bulk_assign"), {"aspirations": ticked, "assignee": world.a.officer.pk}, follow=True
    )
    assert "tidak dikenali" in response.content.decode()
    response = client.post(
        reverse("aspiration_bulk_assign"),
        {"aspirations": ticked[:1], "assignee": world.b.officer.pk},
        follow=True,
    )
    assert "Pilih" in response.content.decode()
    assert Aspiration.objects.filter(pk__in=[mine.pk, theirs.pk], assignee__isnull=False).count() == 0


def test_a_visit_is_not_filed_at_another_polseks_sector(world):
    patrol = Patrol.objects.get(leader=world.a.officer)
    before = Visit.objects.count()
    response = world.client(world.a.officer).post(
        reverse("visit_new", args=[patrol.pk]), visit_form_data(world.b.sectors[0])
    )
    assert response.status_code == 200
    assert response.context["form"].errors["sector"]
    assert Visit.objects.count() == before


def test_a_patrol_does_not_take_a_member_of_another_polsek(world):
    leader = make_user("petugas.a.baru", Role.PETUGAS, unit=world.a.unit)
    client = Client()
    client.force_login(leader)
    response = client.post(reverse("patrol_new"), {"members": [world.b.officer.pk], "notes": ""})
    assert response.status_code == 200
    assert response.context["form"].errors["members"]
    assert not Patrol.objects.filter(leader=leader).exists()


@pytest.fixture
def polsek_admin(world):
    admin = make_user("admin.a", Role.ADMIN, unit=world.a.unit)
    client = Client()
    client.force_login(admin)
    return client


def test_a_polsek_admin_lists_only_its_own_places_and_accounts(world, polsek_admin):
    for changelist in ("sectors_sector", "sectors_village", "sectors_district", "accounts_user", "patrols_aspiration"):
        body = text(polsek_admin.get(reverse(f"admin:{changelist}_changelist")))
        assert world.a.word in body and world.b.word not in body, changelist
    theirs = world.b.sectors[0]
    assert polsek_admin.get(reverse("admin:sectors_sector_change", args=[theirs.pk])).status_code == 302


def test_a_polsek_admin_cannot_move_a_sector_out_of_its_unit(world, polsek_admin):
    sector = world.a.sectors[1]
    data = {
        "name": sector.name,
        "kind": sector.kind,
        "village": world.b.village.pk,
        "address": "",
        "is_active": "on",
        "latitude": str(sector.latitude),
        "longitude": str(sector.longitude),
        "contact_name": "",
        "contact_phone": "",
        "notes": "",
    }
    response = polsek_admin.post(reverse("admin:sectors_sector_change", args=[sector.pk]), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["village"]
    sector.refresh_from_db()
    assert sector.village_id == world.a.village.pk


def test_a_polsek_admin_cannot_raise_an_account_to_the_polres(world, polsek_admin):
    units = polsek_admin.get(reverse("admin:accounts_user_change", args=[world.a.officer.pk])).context[
        "adminform"
    ].form.fields["unit"].queryset
    assert list(units) == [world.a.unit]


def test_the_navbar_names_the_viewers_unit(world):
    assert "Polsek Kuranji" in text(world.client(world.a.humas).get(reverse("dashboard")))
    assert "Polres Uji" in text(world.client(world.polres_humas).get(reverse("dashboard")))



def test_the_map_opens_on_the_viewers_area(world):
    for polsek in (world.a, world.b):
        page = text(world.client(polsek.humas).get(reverse("map")))
        center = re.search(r'id="map"[^>]*data-center-lat="([^"]+)" data-center-lon="([^"]+)"', page)
        sector = polsek.sectors[0]
        assert (float(center[1]), float(center[2])) == (float(sector.latitude), float(sector.longitude))


def test_a_polsek_admin_keeps_its_units_letterhead_but_not_its_place_in_the_tree(world, polsek_admin):
    assert text(polsek_admin.get(reverse("admin:accounts_unit_changelist"))).count("Polsek ") >= 1
    assert polsek_admin.get(reverse("admin:accounts_unit_change", args=[world.b.unit.pk])).status_code == 302
    assert polsek_admin.get(reverse("admin:accounts_unit_add")).status_code == 403
    form = polsek_admin.get(reverse("admin:accounts_unit_change", args=[world.a.unit.pk])).context["adminform"].form
    assert {"kind", "parent", "code"}.isdisjoint(form.fields)
    assert "head_name" in form.fields
