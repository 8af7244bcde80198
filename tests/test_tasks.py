"""/tasks/ and /tasks/<id>/: the aspirations Humas gave an officer, and what the officer reports on them."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from patrols.models import Aspiration, AspirationUpdate
from patrols.services import assign_aspirations, change_aspiration

from .factories import make_aspiration, make_patrol, make_sector, make_visit, visit_form_data

Status = Aspiration.Status


@pytest.fixture
def sector():
    return make_sector(name="Pos Ronda Tongo")


@pytest.fixture
def task(officer, other_officer, humas, sector):
    """An aspiration another officer heard, given by Humas to `officer`."""
    aspiration = make_aspiration(
        make_visit(make_patrol(other_officer), sector=sector),
        description="Lampu jalan di gang masjid mati sejak sepekan.",
        resident_name="Siti Aminah",
        resident_phone="081234567890",
        status=Status.DIVERIFIKASI,
        created_at=timezone.now() - timedelta(days=1),
    )
    assign_aspirations(versions={aspiration.pk: aspiration.version}, assignee=officer, author=humas)
    aspiration.refresh_from_db()
    return aspiration


def url(aspiration):
    return f"/tasks/{aspiration.pk}/"


def report(client, aspiration, version=None, **data):
    data.setdefault("version", aspiration.version if version is None else version)
    return client.post(url(aspiration), data)


@pytest.mark.django_db
class TestList:
    def test_it_lists_the_officers_open_tasks_overdue_first_with_place_and_due_date(
        self, client, officer, other_officer, humas, task
    ):
        visit = make_visit(make_patrol(other_officer))
        overdue = make_aspiration(visit, description="Jembatan rusak.", due_date=timezone.localdate() - timedelta(days=2))
        closed = make_aspiration(visit, description="Sudah beres.", status=Status.SELESAI, closed_at=timezone.now())
        someone_elses = make_aspiration(visit, description="Tugas orang lain.")
        Aspiration.objects.filter(pk__in=[overdue.pk, closed.pk]).update(assignee=officer)
        Aspiration.objects.filter(pk=someone_elses.pk).update(assignee=other_officer)
        client.force_login(officer)

        body = client.get("/tasks/").content.decode()

        assert body.index("Jembatan rusak.") < body.index("Lampu jalan di gang masjid")
        assert "Sudah beres." not in body and "Tugas orang lain." not in body
        assert "Pos Ronda Tongo" in body
        assert task.due_date.strftime("%d/%m/%Y") in body
        assert "Lewat 2 hari" in body

    def test_the_menu_and_the_home_page_count_the_open_tasks(self, client, officer, task):
        client.force_login(officer)
        body = client.get("/").content.decode()
        assert body.count('href="/tasks/"') == 2
        assert re.search(r'aria-label="1 tugas terbuka">1</span>', body)

    def test_it_shows_no_digit_of_the_residents_phone(self, client, officer, task):
        client.force_login(officer)
        for page in ("/tasks/", url(task)):
            body = client.get(page).content.decode()
            assert "Siti Aminah" not in body
            assert "0812" not in body and "7890" not in body

    def test_its_queries_do_not_grow_with_tasks(self, client, officer, other_officer, task, django_assert_num_queries):
        client.force_login(officer)
        # Session, user, roles, the tasks with their category, sector and desa, the officer's last answers,
        # the count in the menu.
        with django_assert_num_queries(6):
            client.get("/tasks/")
        visit = make_visit(make_patrol(other_officer), sector=make_sector())
        for n in range(3):
            aspiration = make_aspiration(visit, description=f"Tugas {n}", assignee=officer)
            aspiration.updates.create(author=officer, note=f"Jawaban {n}", feedback_delivered=True)
        with django_assert_num_queries(6):
            client.get("/tasks/")


@pytest.mark.django_db
class TestReport:
    def test_the_list_shows_what_the_officer_last_answered(self, client, officer, task):
        client.force_login(officer)
        report(client, task, action="feedback", channel="whatsapp", note="Sudah dikabari lewat WA.")
        body = client.get("/tasks/").content.decode()
        assert "Yang terakhir Anda sampaikan" in body and "Sudah dikabari lewat WA." in body

    def test_a_note_goes_on_the_timeline(self, client, officer, task):
        client.force_login(officer)
        response = report(client, task, action="note", note="Sudah dicek bersama kadus.")
        assert response.status_code == 302
        update = task.updates.latest("pk")
        assert (update.author, update.note, update.feedback_delivered) == (officer, "Sudah dicek bersama kadus.", False)

    def test_the_answer_reaching_the_resident_records_how_and_when(self, client, officer, task):
        client.force_login(officer)
        when = timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=2)
        response = report(
            client, task, action="feedback", channel="telepon", delivered_at=when.strftime("%Y-%m-%dT%H:%M")
        )
        assert response.status_code == 302
        update = task.updates.latest("pk")
        assert update.feedback_delivered and update.feedback_channel == "telepon"
        assert update.feedback_at == when
        assert "lewat Telepon/SMS" in client.get(url(task)).content.decode()

    def test_the_answer_cannot_reach_the_resident_before_they_asked(self, client, officer, task):
        client.force_login(officer)
        before = timezone.localtime(task.created_at) - timedelta(hours=1)
        response = report(
            client, task, action="feedback", channel="langsung", delivered_at=before.strftime("%Y-%m-%dT%H:%M")
        )
        assert response.context["form"].errors["delivered_at"] == [
            "Waktu disampaikan tidak boleh sebelum aspirasi dicatat."
        ]

    def test_feedback_needs_its_channel(self, client, officer, task):
        client.force_login(officer)
        response = report(client, task, action="feedback")
        assert response.context["form"].errors["channel"] == ["Pilih lewat apa tanggapan disampaikan."]
        assert not AspirationUpdate.objects.filter(aspiration=task, feedback_delivered=True).exists()

    def test_done_in_the_field_waits_for_humas_who_sees_it_and_closes_it(self, client, officer, humas, task):
        client.force_login(officer)
        assert report(client, task, action="done", note="Lampu sudah diganti PLN.").status_code == 302
        task.refresh_from_db()
        assert task.reported_done_at is not None and task.status == Status.DIVERIFIKASI
        assert task.updates.latest("pk").reported_done

        client.force_login(humas)
        assert "Dilaporkan selesai" in client.get(f"/aspirations/{task.pk}/").content.decode()
        assert "Dilaporkan selesai" in client.get("/aspirations/").content.decode()

        change_aspiration(
            aspiration_id=task.pk, author=humas, expected_version=task.version, status=Status.DITINDAKLANJUTI
        )
        change_aspiration(
            aspiration_id=task.pk, author=humas, expected_version=task.version + 1, status=Status.SELESAI,
            note="Dikonfirmasi ke warga.",
        )
        client.force_login(officer)
        assert "Lampu jalan di gang masjid" not in client.get("/tasks/").content.decode()
        assert "sudah ditutup" in client.get(url(task)).content.decode()

    def test_done_needs_a_note(self, client, officer, task):
        client.force_login(officer)
        response = report(client, task, action="done")
        assert response.context["form"].errors["note"] == ["Tuliskan catatannya."]

    def test_a_stale_page_is_told_with_409_and_keeps_what_was_typed(self, client, officer, humas, task):
        change_aspiration(aspiration_id=task.pk, author=humas, expected_version=task.version, note="Dicek Humas.")
        client.force_login(officer)
        response = report(client, task, action="note", note="Catatan yang saya ketik.")
        assert response.status_code == 409
        body = response.content.decode()
        assert "sudah diubah oleh Iptu Lalu Hamdani" in body
        assert "Catatan yang saya ketik." in body
        assert not task.updates.filter(note="Catatan yang saya ketik.").exists()

    def test_a_task_given_to_someone_else_is_not_found(self, client, officer, other_officer, humas, task):
        assign_aspirations(versions={task.pk: task.version}, assignee=other_officer, author=humas)
        client.force_login(officer)
        assert client.get(url(task)).status_code == 404


@pytest.mark.django_db
class TestAtTheSector:
    def test_the_officers_task_comes_first_among_what_is_open_there(self, client, officer, other_officer, sector, task):
        visit = make_visit(make_patrol(other_officer), sector=sector)
        for n in range(12):
            make_aspiration(visit, description=f"Aspirasi baru {n}.")
        client.force_login(officer)

        body = client.get(f"/sectors/{sector.pk}/open-aspirations/").content.decode()

        assert "Tugas Anda" in body
        assert body.index("Tugas Anda") < body.index("Lampu jalan di gang masjid") < body.index("Aspirasi baru")

    def test_another_officer_sees_no_mark(self, client, other_officer, sector, task):
        client.force_login(other_officer)
        body = client.get(f"/sectors/{sector.pk}/open-aspirations/").content.decode()
        assert "Lampu jalan di gang masjid" in body and "Tugas Anda" not in body

    def test_answering_it_at_a_revisit_records_it_was_in_person(self, client, officer, sector, task):
        patrol = make_patrol(officer)
        client.force_login(officer)
        data = visit_form_data(sector, **{f"respond-{task.pk}-done": "on", f"respond-{task.pk}-note": "Sudah diganti."})
        assert client.post(f"/patrols/{patrol.pk}/visits/new/", data).status_code == 302
        update = task.updates.latest("pk")
        visit = patrol.visits.get()
        assert (update.feedback_delivered, update.feedback_channel, update.feedback_at) == (
            True, "langsung", visit.visited_at
        )
