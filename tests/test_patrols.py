"""/, /patrols/, /patrols/new/, /patrols/<id>/ and ending a patrol."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import timezone

from accounts.models import Role
from patrols.models import Patrol

from .factories import make_aspiration, make_patrol, make_sector, make_user, make_visit
from .assertions import assert_no_inline_script


@pytest.mark.django_db
class TestOfficerHome:
    def test_without_a_patrol_it_offers_to_start_one(self, client, officer):
        client.force_login(officer)
        body = client.get("/").content.decode()
        assert "Patroli saya" in body and "Mulai patroli" in body
        assert 'href="/patrols/new/"' in body

    def test_it_shows_the_patrol_under_way_and_the_aspirations_status(self, client, officer):
        patrol = make_patrol(officer)
        visit = make_visit(patrol, sector=make_sector(name="Pasar Tongo"))
        make_aspiration(visit, description="Parkir liar di pasar.", status="diverifikasi")
        client.force_login(officer)
        body = client.get("/").content.decode()
        assert "Patroli sedang berjalan" in body
        assert f'href="/patrols/{patrol.pk}/visits/new/"' in body
        assert "Pasar Tongo" in body and "Parkir liar di pasar." in body and "Diverifikasi" in body
        assert 'href="/patrols/new/"' not in body

    def test_a_member_sees_the_patrol_they_walk_in(self, client, officer, other_officer):
        patrol = make_patrol(other_officer)
        patrol.members.add(officer)
        client.force_login(officer)
        assert f'href="/patrols/{patrol.pk}/visits/new/"' in client.get("/").content.decode()

    def test_the_query_count_does_not_grow_with_visits(self, client, officer, django_assert_num_queries):
        patrol = make_patrol(officer)
        make_aspiration(make_visit(patrol))
        client.force_login(officer)
        # Session, user, groups, the patrol under way, visits, their aspirations, the open tasks.
        with django_assert_num_queries(7):
            client.get("/")
        for _ in range(5):
            make_aspiration(make_visit(patrol))
        with django_assert_num_queries(7):
            client.get("/")

    @pytest.mark.parametrize("persona", ["humas", "admin_user"])
    def test_humas_and_admin_land_on_the_dashboard(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        response = client.get("/")
        assert response.status_code == 302 and response["Location"] == "/dashboard/"

    def test_an_officer_who_is_also_humas_lands_on_their_patrols(self, client, officer):
        officer.groups.add(Group.objects.get(name=Role.HUMAS))
        client.force_login(officer)
        body = client.get("/").content.decode()
        assert "Mulai patroli" in body
        assert 'href="/dashboard/"' in body and 'href="/aspirations/"' in body


@pytest.mark.django_db
class TestPatrolList:
    def test_an_officer_sees_their_own_and_those_they_walked_in(self, client, officer, other_officer):
        own = make_patrol(officer)
        walked = make_patrol(other_officer)
        walked.members.add(officer)
        foreign = make_patrol(other_officer)
        client.force_login(officer)
        body = client.get("/patrols/").content.decode()
        assert f"/patrols/{own.pk}/" in body and f"/patrols/{walked.pk}/" in body
        assert f"/patrols/{foreign.pk}/" not in body

    def test_humas_sees_all(self, client, humas, officer, other_officer):
        patrols = [make_patrol(officer), make_patrol(other_officer)]
        client.force_login(humas)
        body = client.get("/patrols/").content.decode()
        assert all(f"/patrols/{patrol.pk}/" in body for patrol in patrols)

    def test_a_user_without_a_role_gets_403(self, client, outsider):
        client.force_login(outsider)
        assert client.get("/patrols/").status_code == 403


@pytest.mark.django_db
class TestStartingAPatrol:
    def test_it_starts_a_patrol_led_by_me_with_the_members_chosen(self, client, officer, other_officer, humas):
        client.force_login(officer)
        form = client.get("/patrols/new/")
        body = form.content.decode()
        assert "Brigpol Putu Adnyana" in body
        assert "Iptu Lalu Hamdani" not in body and "Bripka Ahmad Rahman</label>" not in body
        response = client.post("/patrols/new/", {"members": [other_officer.pk], "notes": "Rute pesisir"})
        patrol = Patrol.objects.get()
        assert response["Location"] == f"/patrols/{patrol.pk}/"
        assert patrol.leader == officer and list(patrol.members.all()) == [other_officer]
        assert patrol.is_under_way and patrol.notes == "Rute pesisir"

    def test_a_patrol_under_way_is_not_started_twice(self, client, officer):
        client.force_login(officer)
        client.post("/patrols/new/", {})
        response = client.post("/patrols/new/", {})
        assert Patrol.objects.count() == 1
        assert response["Location"] == f"/patrols/{Patrol.objects.get().pk}/"

    def test_a_non_officer_cannot_be_a_member(self, client, officer, humas):
        client.force_login(officer)
        response = client.post("/patrols/new/", {"members": [humas.pk]})
        assert response.status_code == 200 and "members" in response.context["form"].errors
        assert not Patrol.objects.exists()

    def test_an_id_beyond_any_table_is_no_member(self, client, officer):
        client.force_login(officer)
        response = client.post("/patrols/new/", {"members": ["99999999999999999999"]})
        assert response.status_code == 200 and "members" in response.context["form"].errors
        assert not Patrol.objects.exists()

    @pytest.mark.parametrize("persona", ["humas", "admin_user", "outsider"])
    def test_only_officers_start_patrols(self, client, request, persona):
        client.force_login(request.getfixturevalue(persona))
        assert client.get("/patrols/new/").status_code == 403


@pytest.mark.django_db
class TestPatrolPage:
    def test_it_lists_the_visits_in_order_with_a_map(self, client, officer):
        patrol = make_patrol(officer, started_at=timezone.now() - timedelta(hours=3))
        later = make_visit(patrol, sector=make_sector(name="Pantai Maluk"), visited_at=timezone.now() - timedelta(hours=1))
        earlier = make_visit(
            patrol,
            sector=make_sector(name="Masjid Jami'"),
            visited_at=timezone.now() - timedelta(hours=2),
            latitude=Decimal("-8.99"),
            longitude=Decimal("116.74"),
        )
        client.force_login(officer)
        response = client.get(f"/patrols/{patrol.pk}/")
        body = response.content.decode()
        assert body.index("Masjid Jami") < body.index("Pantai Maluk")
        stops = response.context["map"]["stops"]
        assert [stop["url"] for stop in stops] == [earlier.get_absolute_url(), later.get_absolute_url()]
        assert stops[0]["lat"] == -8.99
        assert 'id="patrol-map"' in body and "leaflet/leaflet.js" in body
        assert "Tambah kunjungan" in body and "Akhiri patroli" in body
        assert_no_inline_script(body)

    def test_without_positions_there_is_no_map(self, client, officer):
        patrol = make_patrol(officer)
        make_visit(patrol, sector=make_sector(latitude=None, longitude=None))
        client.force_login(officer)
        assert "leaflet" not in client.get(f"/patrols/{patrol.pk}/").content.decode()

    def test_humas_reads_it_without_the_officer_buttons(self, client, humas, officer):
        patrol = make_patrol(officer)
        client.force_login(humas)
        body = client.get(f"/patrols/{patrol.pk}/").content.decode()
        assert "Tambah kunjungan" not in body and "Akhiri patroli" not in body

    def test_another_officer_gets_404(self, client, officer, other_officer):
        patrol = make_patrol(officer)
        client.force_login(other_officer)
        assert client.get(f"/patrols/{patrol.pk}/").status_code == 404

    def test_the_query_count_does_not_grow_with_visits(self, client, officer, django_assert_num_queries):
        patrol = make_patrol(officer)
        patrol.members.add(make_user("bripda.satu"))
        make_visit(patrol)
        client.force_login(officer)
        # Session, user, groups, the patrol with its leader, members, visits, the open tasks in the menu.
        with django_assert_num_queries(7):
            client.get(f"/patrols/{patrol.pk}/")
        for _ in range(5):
            make_aspiration(make_visit(patrol))
        with django_assert_num_queries(7):
            client.get(f"/patrols/{patrol.pk}/")


@pytest.mark.django_db
class TestEndingAPatrol:
    def test_a_member_ends_it_and_a_second_tap_keeps_the_first_time(self, client, officer, other_officer):
        patrol = make_patrol(officer)
        patrol.members.add(other_officer)
        client.force_login(other_officer)
        assert client.post(f"/patrols/{patrol.pk}/end/")["Location"] == f"/patrols/{patrol.pk}/"
        patrol.refresh_from_db()
        ended = patrol.ended_at
        assert ended is not None
        client.post(f"/patrols/{patrol.pk}/end/")
        patrol.refresh_from_db()
        assert patrol.ended_at == ended

    def test_the_officer_is_offered_the_next_step_with_a_summary(self, client, officer, other_officer):
        patrol = make_patrol(officer)
        patrol.members.add(other_officer)
        visit = make_visit(patrol)
        make_aspiration(visit)
        make_aspiration(visit)
        make_visit(patrol, early_warning=True, early_warning_note="Sengketa batas kebun memanas.")
        client.force_login(officer)

        body = client.post(f"/patrols/{patrol.pk}/end/", follow=True).content.decode()

        done = body.split('id="patrol-done"', 1)[1].split("</section>", 1)[0]
        assert "Patroli selesai" in done
        assert "2 kunjungan" in done and "2 aspirasi dicatat" in done and "1 peringatan dini" in done
        assert 'href="/patrols/new/">Mulai patroli baru</a>' in done
        assert 'href="/">Kembali ke beranda</a>' in done

        # A member who leads a patrol of his own under way cannot start another one yet.
        make_patrol(other_officer)
        client.force_login(other_officer)
        done = client.get(f"/patrols/{patrol.pk}/").content.decode().split('id="patrol-done"', 1)[1]
        assert "Mulai patroli baru" not in done.split("</section>", 1)[0]

    def test_no_next_step_for_humas_or_a_patrol_long_over(self, client, officer, humas):
        started = timezone.now() - timedelta(days=settings.LATE_REPORT_DAYS + 2)
        old = make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=2))
        client.force_login(officer)
        assert 'id="patrol-done"' not in client.get(f"/patrols/{old.pk}/").content.decode()
        ended = make_patrol(officer, started_at=timezone.now() - timedelta(hours=1), ended_at=timezone.now())
        client.force_login(humas)
        assert 'id="patrol-done"' not in client.get(f"/patrols/{ended.pk}/").content.decode()

    def test_it_needs_a_post(self, client, officer):
        patrol = make_patrol(officer)
        client.force_login(officer)
        assert client.get(f"/patrols/{patrol.pk}/end/").status_code == 405

    def test_another_officer_gets_404(self, client, officer, other_officer):
        patrol = make_patrol(officer)
        client.force_login(other_officer)
        assert client.post(f"/patrols/{patrol.pk}/end/").status_code == 404
        patrol.refresh_from_db()
        assert patrol.is_under_way

    def test_humas_gets_403(self, client, officer, humas):
        patrol = make_patrol(officer)
        client.force_login(humas)
        assert client.post(f"/patrols/{patrol.pk}/end/").status_code == 403
