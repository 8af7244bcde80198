"""/visits/<id>/ and its photos: who sees what."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from patrols.models import Patrol
from patrols.services import change_aspiration, end_patrol

from .factories import make_aspiration, make_patrol, make_photo, make_topic, make_visit
from .assertions import assert_no_inline_script


@pytest.fixture
def visit(officer, media_root):
    visit = make_visit(make_patrol(officer), summary="Warga mengeluhkan balap liar malam Minggu.")
    visit.appeals.add(make_topic("Lalu lintas"))
    make_aspiration(visit, description="Minta polisi tidur.", resident_name="Siti Aminah", resident_phone="081200005678")
    make_photo(visit)
    return visit


def url(visit):
    return f"/visits/{visit.pk}/"


@pytest.mark.django_db
class TestVisitPage:
    def test_the_officer_sees_everything_recorded(self, client, officer, visit):
        client.force_login(officer)
        response = client.get(url(visit))
        body = response.content.decode()
        assert response.status_code == 200
        assert 'href="/aspirations/' not in body, "the review page is for Humas"
        assert "balap liar" in body and "Lalu lintas" in body and "Minta polisi tidur." in body
        assert "Baru" in body and "Siti Aminah" in body
        assert "nomor HP tercatat" in body and "5678" not in body, "the number is for Humas, who call back"
        assert f"/visits/{visit.pk}/photos/{visit.photos.get().pk}.jpg" in body
        assert f'data-filed-uuid="{visit.client_uuid}"' in body
        assert "Ubah laporan" in body
        assert_no_inline_script(body)

    def test_humas_sees_the_resident_but_calls_back_from_the_aspiration_page(self, client, humas, visit):
        client.force_login(humas)
        body = client.get(url(visit)).content.decode()
        assert "Siti Aminah" in body and "nomor HP tercatat" in body and "5678" not in body
        assert "Ubah laporan" not in body
        aspiration = visit.aspirations.get()
        assert f'<a href="/aspirations/{aspiration.pk}/">#{aspiration.pk}</a>' in body

    def test_a_member_of_the_patrol_sees_residents_masked(self, client, other_officer, visit):
        visit.patrol.members.add(other_officer)
        client.force_login(other_officer)
        body = client.get(url(visit)).content.decode()
        assert "S. A." in body and "nomor HP tercatat" in body
        assert "Siti Aminah" not in body and "0812" not in body and "5678" not in body
        assert "Ubah laporan" not in body

    def test_another_officer_gets_404(self, client, other_officer, visit):
        client.force_login(other_officer)
        assert client.get(url(visit)).status_code == 404

    def test_a_user_without_a_role_gets_403(self, client, outsider, visit):
        client.force_login(outsider)
        assert client.get(url(visit)).status_code == 403

    def test_an_anonymous_visitor_is_sent_to_login(self, client, visit):
        assert client.get(url(visit))["Location"].startswith("/accounts/login/")

    def test_an_unknown_visit_is_404(self, client, officer):
        client.force_login(officer)
        assert client.get("/visits/999999/").status_code == 404


@pytest.mark.django_db
class TestPhoto:
    def photo_url(self, visit):
        return f"/visits/{visit.pk}/photos/{visit.photos.get().pk}.jpg"

    def test_it_serves_the_jpeg_privately(self, client, officer, visit):
        client.force_login(officer)
        response = client.get(self.photo_url(visit))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/jpeg"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"

    def test_another_officer_gets_404(self, client, other_officer, visit):
        client.force_login(other_officer)
        assert client.get(self.photo_url(visit)).status_code == 404

    def test_a_photo_of_another_visit_is_404(self, client, officer, visit):
        other = make_visit(visit.patrol)
        client.force_login(officer)
        assert client.get(f"/visits/{other.pk}/photos/{visit.photos.get().pk}.jpg").status_code == 404


@pytest.mark.django_db
class TestQueryCounts:
    """The page runs the same queries for one aspiration and photo as for many."""

    def test_the_visit_page(self, client, officer, visit, django_assert_num_queries):
        client.force_login(officer)
        with django_assert_num_queries(VISIT_PAGE_QUERIES):
            client.get(url(visit))
        earlier = make_visit(make_patrol(officer), sector=visit.sector)
        for n in range(6):
            make_aspiration(visit, description=f"Aspirasi {n}")
            make_photo(visit)
            visit.appeals.add(make_topic(f"Topik {n}"))
            answered = make_aspiration(earlier, description=f"Aspirasi lama {n}")
            change_aspiration(
                aspiration_id=answered.pk, author=officer, expected_version=None, feedback_delivered=True, visit=visit
            )
        with django_assert_num_queries(VISIT_PAGE_QUERIES):
            client.get(url(visit))


# Session, user, groups, the visit (with sector, desa, officer, patrol and
# leader), then appeals, photos, aspirations with their categories, the
# answers given there to older aspirations, with theirs, and the officer's
# open tasks counted for the menu.
VISIT_PAGE_QUERIES = 9


@pytest.mark.django_db
class TestAfterSaving:
    def test_the_open_aspirations_answered_at_this_visit_are_listed(self, client, officer, visit):
        earlier = make_visit(make_patrol(officer), sector=visit.sector, visited_at=timezone.now() - timedelta(days=9))
        answered = make_aspiration(earlier, description="Jalan poros berlubang di depan sekolah.")
        other = make_aspiration(earlier, description="Lampu jalan padam.")
        change_aspiration(
            aspiration_id=answered.pk,
            author=officer,
            expected_version=None,
            note="Sudah dilaporkan ke Dinas PUPR.",
            feedback_delivered=True,
            visit=visit,
        )
        # Told at another visit: not this visit's answer.
        change_aspiration(aspiration_id=other.pk, author=officer, expected_version=None, feedback_delivered=True)
        client.force_login(officer)

        body = client.get(url(visit)).content.decode()

        section = body.split('id="responses"', 1)[1].split("</ul>", 1)[0]
        assert "Tanggapan atas aspirasi sebelumnya (1)" in body
        assert "Jalan poros berlubang" in section and "Sudah dilaporkan ke Dinas PUPR." in section
        assert "Lampu jalan padam." not in section

    def test_next_visit_while_the_patrol_takes_visits(self, client, officer, humas, visit):
        next_visit = f'href="/patrols/{visit.patrol_id}/visits/new/">Kunjungan berikutnya</a>'
        client.force_login(officer)
        assert next_visit in client.get(url(visit)).content.decode()

        end_patrol(patrol=visit.patrol)
        assert next_visit in client.get(url(visit)).content.decode(), "late reports are taken for some days"

        long_ago = timezone.now() - timedelta(days=settings.LATE_REPORT_DAYS + 1)
        Patrol.objects.filter(pk=visit.patrol_id).update(started_at=long_ago, ended_at=long_ago)
        assert next_visit not in client.get(url(visit)).content.decode()

        client.force_login(humas)
        Patrol.objects.filter(pk=visit.patrol_id).update(ended_at=None)
        assert "Kunjungan berikutnya" not in client.get(url(visit)).content.decode()
