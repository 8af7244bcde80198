"""/sectors/<id>/open-aspirations/: "Masih terbuka di sini" on the visit form."""

import pytest
from django.utils import timezone

from .factories import make_aspiration, make_patrol, make_sector, make_visit


@pytest.fixture
def sector():
    return make_sector(name="Dusun Senutuk")


def url(sector):
    return f"/sectors/{sector.pk}/open-aspirations/"


@pytest.mark.django_db
class TestOpenAspirations:
    def test_it_lists_what_is_open_at_the_sector_with_residents_masked(self, client, officer, other_officer, sector):
        visit = make_visit(make_patrol(other_officer), sector=sector)
        open_one = make_aspiration(
            visit, description="Embung bocor.", resident_name="Siti Aminah", resident_phone="081200005678"
        )
        make_aspiration(visit, description="Sudah beres.", status="selesai", closed_at=timezone.now())
        make_aspiration(make_visit(make_patrol(other_officer)), description="Di sektor lain.")
        client.force_login(officer)
        response = client.get(url(sector))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Masih terbuka di sini" in body and "Embung bocor." in body
        assert "Sudah beres." not in body and "Di sektor lain." not in body
        assert "S. A." in body and "nomor HP tercatat" in body
        assert "Siti Aminah" not in body and "0812" not in body and "5678" not in body
        assert f'name="respond-{open_one.pk}-done"' in body
        assert "<html" not in body

    def test_it_says_when_nothing_is_open(self, client, officer, sector):
        client.force_login(officer)
        assert "Tidak ada aspirasi yang masih terbuka di Dusun Senutuk" in client.get(url(sector)).content.decode()

    def test_an_unknown_sector_is_404(self, client, officer):
        client.force_login(officer)
        assert client.get("/sectors/999999/open-aspirations/").status_code == 404

    def test_a_retired_sector_is_404(self, client, officer):
        """The visit form offers active sectors only: a retired one has nothing to show an officer."""
        client.force_login(officer)
        assert client.get(url(make_sector(is_active=False))).status_code == 404

    @pytest.mark.parametrize("persona", ["humas", "outsider"])
    def test_it_is_for_officers_only(self, client, request, persona, sector):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url(sector)).status_code == 403

    def test_an_anonymous_visitor_is_sent_to_login(self, client, sector):
        assert client.get(url(sector))["Location"].startswith("/accounts/login/")
