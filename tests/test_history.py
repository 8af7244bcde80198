"""Audit history (django-simple-history) of sectors, visits and aspirations: who changed what, read in the admin."""

import pytest
from django.urls import reverse

from patrols.models import Aspiration, Visit
from sectors.models import Sector

from .factories import make_aspiration, make_sector, make_visit

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def sector_form(sector, **changes):
    return {"name": sector.name, "kind": sector.kind, "village": sector.village_id, "is_active": "on",
            "latitude": sector.latitude, "longitude": sector.longitude, **changes}


def test_an_admin_change_is_kept_with_who_made_it(admin_client, admin_user):
    sector = make_sector(name="Pasar Tongo")

    response = admin_client.post(reverse("admin:sectors_sector_change", args=[sector.pk]),
                                 sector_form(sector, name="Pasar Ikan Tongo"))

    assert response.status_code == 302
    latest, created = sector.history.all()
    assert (created.name, created.history_type, created.history_user) == ("Pasar Tongo", "+", None)
    assert (latest.name, latest.history_type, latest.history_user) == ("Pasar Ikan Tongo", "~", admin_user)


def test_visits_and_aspirations_keep_every_version(officer, humas):
    visit = make_visit(officer=officer, summary="Dialog dengan warga.")
    aspiration = make_aspiration(visit)

    visit.summary = "Dialog dengan warga dan pemilik warung."
    visit.save()
    aspiration.status = Aspiration.Status.DIVERIFIKASI
    aspiration.save()

    assert [v.summary for v in visit.history.all()] == ["Dialog dengan warga dan pemilik warung.",
                                                       "Dialog dengan warga."]
    assert [a.status for a in aspiration.history.all()] == ["diverifikasi", "baru"]


@pytest.mark.parametrize("model", [Sector, Visit, Aspiration])
def test_the_admin_shows_each_history(admin_client, officer, model):
    aspiration = make_aspiration(make_visit(officer=officer))
    obj = {Sector: aspiration.visit.sector, Visit: aspiration.visit, Aspiration: aspiration}[model]
    name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    version = obj.history.get()

    listing = admin_client.get(reverse(f"{name}_history", args=[obj.pk]))
    one_version = admin_client.get(reverse(f"{name}_simple_history", args=[obj.pk, version.history_id]))

    assert listing.status_code == 200
    assert version.get_history_type_display() in listing.content.decode()
    assert one_version.status_code == 200
    assert 'name="_save"' not in one_version.content.decode()


def test_an_old_version_cannot_be_restored(admin_client):
    sector = make_sector(name="Pasar Tongo")
    first = sector.history.get()
    sector.name = "Pasar Ikan Tongo"
    sector.save()

    response = admin_client.post(reverse("admin:sectors_sector_simple_history", args=[sector.pk, first.history_id]),
                                 sector_form(sector, name="Pasar Tongo"))

    assert response.status_code == 403
    sector.refresh_from_db()
    assert sector.name == "Pasar Ikan Tongo"
