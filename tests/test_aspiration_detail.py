from datetime import timedelta

import pytest
from django.utils import timezone

from patrols.models import Aspiration

from .factories import make_aspiration, make_patrol, make_photo, make_topic, make_visit


@pytest.fixture
def visit(officer):
    visit = make_visit(make_patrol(officer), people_met=9)
    visit.appeals.set([make_topic("Narkoba"), make_topic("Curanmor")])
    return visit


@pytest.fixture
def aspiration(visit):
    return make_aspiration(
        visit,
        description="Jalan menuju TPI berlubang dan gelap pada malam hari.",
        resident_name="Ahmad Yani",
        resident_phone="081300005678",
        status="diverifikasi",
    )


def url(aspiration):
    return f"/aspirations/{aspiration.pk}/"


def post(client, aspiration, version=None, **data):
    data.setdefault("version", aspiration.version if version is None else version)
    return client.post(url(aspiration), data)


@pytest.mark.django_db
class TestShow:
    def test_it_shows_the_whole_context(self, reviewer, aspiration, visit):
        response = reviewer.get(url(aspiration))
        body = response.content.decode()
        assert response.status_code == 200
        assert "Jalan menuju TPI berlubang" in body
        assert visit.sector.name in body
        assert visit.sector.village.name in body
        assert "Bripka Ahmad Rahman" in body
        assert "Curanmor, Narkoba" in body
        assert f'href="/visits/{visit.pk}/"' in body
        assert f'href="/patrols/{visit.patrol_id}/press-release/"' in body
        assert 'id="aspiration-map"' in body and 'data-tiles-url="https://tile.openstreetmap.org/' in body
        assert '<script id="aspiration-map-data" type="application/json">{"sector": {"lat": -8.991163' in body
        assert "js/map-core.js" in body

    def test_humas_sees_the_resident_to_call_back(self, reviewer, aspiration):
        body = reviewer.get(url(aspiration)).content.decode()
        assert "Ahmad Yani" in body
        assert 'href="tel:081300005678"' in body

    def test_an_anonymous_resident_is_said_to_be_so(self, reviewer, visit):
        body = reviewer.get(url(make_aspiration(visit, is_anonymous=True))).content.decode()
        assert "anonim" in body

    def test_only_the_allowed_next_statuses_are_offered(self, reviewer, aspiration):
        form = reviewer.get(url(aspiration)).context["form"]
        assert [value for value, _ in form.fields["status"].widget.choices] == [
            "",
            "ditindaklanjuti",
            "diteruskan",
            "tidak_dapat",
        ]

    def test_an_overdue_one_stands_out(self, reviewer, visit):
        late = make_aspiration(visit, due_date=timezone.localdate() - timedelta(days=3))
        body = reviewer.get(url(late)).content.decode()
        assert "card-overdue" in body
        assert "Lewat 3 hari" in body

    def test_photos_come_from_the_visit_not_media(self, reviewer, aspiration, visit, settings):
        photo = make_photo(visit)
        body = reviewer.get(url(aspiration)).content.decode()
        assert f'<a href="/visits/{visit.pk}/photos/{photo.pk}.jpg"><img src="/visits/{visit.pk}/photos/{photo.pk}.jpg"' in body
        assert 'width="640" height="480"' in body
        assert settings.MEDIA_URL not in body

    def test_an_unknown_number_is_404(self, reviewer):
        assert reviewer.get("/aspirations/999999/").status_code == 404

    def test_its_queries_do_not_grow_with_photos_and_updates(
        self, reviewer, aspiration, visit, humas, django_assert_num_queries
    ):
        # Session, user, roles; the aspiration, its timeline, photos and
        # appeals; the agencies to forward to; the assignee choices; the
        # permissions (user's and groups') that decide on "Kabari warga".
        with django_assert_num_queries(11):
            reviewer.get(url(aspiration))
        for n in range(3):
            make_photo(visit)
            aspiration.updates.create(author=humas, note=f"Catatan {n}")
        with django_assert_num_queries(11):
            reviewer.get(url(aspiration))


@pytest.mark.django_db
class TestChange:
    def test_forwarding_to_dinas_pupr(self, reviewer, aspiration):
        response = post(
            reviewer,
            aspiration,
            status="diteruskan",
            forwarded_to="Dinas PUPR",
            note="Surat dikirim ke Dinas PUPR KSB.",
        )
        assert response.status_code == 302
        assert response["Location"] == url(aspiration)
        aspiration.refresh_from_db()
        assert (aspiration.status, aspiration.forwarded_to, aspiration.version) == ("diteruskan", "Dinas PUPR", 2)
        body = reviewer.get(url(aspiration)).content.decode()
        assert "Tindak lanjut tersimpan." in body
        assert "Diteruskan ke Dinas PUPR." in body

    def test_assigning_with_a_note(self, reviewer, aspiration, other_officer):
        post(reviewer, aspiration, assignee=other_officer.pk, note="Mohon dicek malam ini.")
        aspiration.refresh_from_db()
        assert aspiration.assignee == other_officer
        assert aspiration.status == "diverifikasi"

    def test_marking_feedback_delivered(self, reviewer, aspiration):
        post(reviewer, aspiration, feedback_delivered="on")
        assert aspiration.updates.get().feedback_delivered

    def test_a_disallowed_transition_is_refused_with_a_message(self, reviewer, aspiration):
        response = post(reviewer, aspiration, status="baru")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Status tidak dapat diubah dari Diverifikasi ke Baru." in body
        assert "Perubahan belum disimpan" in body
        aspiration.refresh_from_db()
        assert (aspiration.status, aspiration.version) == ("diverifikasi", 1)

    def test_forwarding_without_an_agency_shows_it_on_the_field(self, reviewer, aspiration):
        response = post(reviewer, aspiration, status="diteruskan")
        assert response.context["form"].errors["agency"] == [
            "Pilih instansi tujuan penerusan, atau tulis namanya di Instansi lain."
        ]

    def test_refusing_without_a_reason_shows_it_on_the_field(self, reviewer, aspiration):
        response = post(reviewer, aspiration, status="tidak_dapat")
        assert "alasan" in response.context["form"].errors["refusal_reason"][0]

    def test_a_missing_version_is_a_form_error(self, reviewer, aspiration):
        response = reviewer.post(url(aspiration), {"status": "ditindaklanjuti"})
        assert response.status_code == 200
        assert Aspiration.objects.get(pk=aspiration.pk).status == "diverifikasi"

    def test_a_stale_page_is_told_and_overwrites_nothing(self, client, aspiration, humas, admin_user):
        """Humas and the Kapolsek open the same page; Humas forwards it first."""
        page_version = aspiration.version
        client.force_login(humas)
        post(client, aspiration, status="diteruskan", forwarded_to="Dinas PUPR")

        client.force_login(admin_user)
        response = post(
            client,
            aspiration,
            version=page_version,
            status="tidak_dapat",
            refusal_reason="Bukan kewenangan Polri.",
            note="Saya tutup saja.",
        )

        assert response.status_code == 409
        body = response.content.decode()
        assert "sudah diubah oleh Iptu Lalu Hamdani" in body
        assert "Saya tutup saja." in body, "what the later reviewer typed is kept"
        assert response.context["form"].initial["version"] == 2
        aspiration.refresh_from_db()
        assert (aspiration.status, aspiration.forwarded_to, aspiration.refusal_reason) == (
            "diteruskan",
            "Dinas PUPR",
            "",
        )
        assert aspiration.updates.count() == 1
