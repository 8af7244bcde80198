"""/visits/<id>/edit/: the officer corrects their report within 24 hours."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from patrols.models import Aspiration, Visit, VisitPhoto

from .factories import (
    make_aspiration,
    make_category,
    make_jpeg,
    make_patrol,
    make_photo,
    make_sector,
    make_topic,
    make_visit,
    visit_form_data,
)


@pytest.fixture
def visit(officer, media_root):
    return make_visit(make_patrol(officer), summary="Ringkasan awal.")


@pytest.fixture
def logged_in(client, officer):
    client.force_login(officer)
    return client


def url(visit):
    return f"/visits/{visit.pk}/edit/"


def edit_data(client, visit, **changes):
    """Everything the edit form shows, as the browser would send it back, with `changes`."""
    response = client.get(url(visit))
    form, formset = response.context["form"], response.context["formset"]
    data = visit_form_data(visit.sector, version=form["version"].value(), client_uuid=None)
    for name in ("visited_at", "people_met", "situation", "summary", "latitude", "longitude", "accuracy_m"):
        value = form[name].value()
        data[name] = "" if value is None else value
    data["visited_at"] = timezone.localtime(visit.visited_at).strftime("%Y-%m-%dT%H:%M")
    data["appeals"] = [topic.pk for topic in visit.appeals.all()]
    data.update({field.html_name: field.value() for field in formset.management_form})
    for index, row in enumerate(formset.forms):
        for field in row:
            if field.value() not in (None, False):
                data[field.html_name] = field.value()
    data.update(changes)
    return {name: value for name, value in data.items() if value is not None}


def backdate(visit, **delta):
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - timedelta(**delta))
    visit.refresh_from_db()


@pytest.mark.django_db
class TestEditing:
    def test_the_form_shows_the_visit_as_filed(self, logged_in, visit):
        response = logged_in.get(url(visit))
        assert response.status_code == 200
        assert "Ringkasan awal." in response.content.decode()
        assert "Simpan perubahan" in response.content.decode()

    def test_it_saves_the_changes(self, logged_in, visit):
        topic = make_topic()
        response = logged_in.post(url(visit), edit_data(logged_in, visit, summary="Ringkasan diperbaiki.", appeals=[topic.pk]))
        assert response.status_code == 302 and response["Location"] == f"/visits/{visit.pk}/"
        visit.refresh_from_db()
        assert visit.summary == "Ringkasan diperbaiki."
        assert list(visit.appeals.all()) == [topic]

    def test_it_edits_adds_and_removes_new_aspirations(self, logged_in, visit):
        category = make_category()
        kept = make_aspiration(visit, description="Lama.")
        dropped = make_aspiration(visit, description="Salah catat.")
        data = edit_data(logged_in, visit)
        data.update(
            {
                "aspirations-0-description": "Lama, diperjelas.",
                "aspirations-1-DELETE": "on",
                "aspirations-TOTAL_FORMS": "3",
                "aspirations-2-kind": "masukan",
                "aspirations-2-urgency": "normal",
                "aspirations-2-category": category.pk,
                "aspirations-2-description": "Baru ditambahkan.",
            }
        )
        assert logged_in.post(url(visit), data).status_code == 302
        kept.refresh_from_db()
        assert kept.description == "Lama, diperjelas."
        assert not Aspiration.objects.filter(pk=dropped.pk).exists()
        assert visit.aspirations.filter(description="Baru ditambahkan.", kind="masukan").exists()

    def test_aspirations_humas_picked_up_are_not_editable(self, logged_in, visit):
        handled = make_aspiration(visit, status="diverifikasi", description="Sudah diverifikasi.")
        response = logged_in.get(url(visit))
        assert len(response.context["formset"].forms) == 0
        assert "Sudah diverifikasi." in response.content.decode()
        assert "Sudah ditangani Humas" in response.content.decode()
        logged_in.post(url(visit), edit_data(logged_in, visit))
        handled.refresh_from_db()
        assert handled.status == "diverifikasi"

    def test_it_adds_and_removes_photos(self, logged_in, visit, django_capture_on_commit_callbacks):
        old = make_photo(visit)
        name = old.image.name
        upload = SimpleUploadedFile("baru.jpg", make_jpeg(), content_type="image/jpeg")
        data = edit_data(logged_in, visit, remove_photos=[old.pk], photos=[upload])
        with django_capture_on_commit_callbacks(execute=True):
            assert logged_in.post(url(visit), data).status_code == 302
        assert not VisitPhoto.objects.filter(pk=old.pk).exists()
        assert not old.image.storage.exists(name)
        assert visit.photos.count() == 1

    def test_the_photo_limit_counts_the_photos_kept(self, logged_in, visit):
        for _ in range(9):
            make_photo(visit)
        uploads = [SimpleUploadedFile(f"{n}.jpg", make_jpeg(32, 32), content_type="image/jpeg") for n in range(2)]
        response = logged_in.post(url(visit), edit_data(logged_in, visit, photos=uploads))
        assert response.status_code == 200
        assert "Paling banyak 10 foto" in str(response.context["form"].errors["photos"])

    def test_a_validation_error_keeps_the_edit(self, logged_in, visit):
        response = logged_in.post(url(visit), edit_data(logged_in, visit, summary="", people_met="9"))
        assert response.status_code == 200
        assert 'name="people_met" value="9"' in response.content.decode()
        visit.refresh_from_db()
        assert visit.summary == "Ringkasan awal."


@pytest.mark.django_db
class TestStaleEdits:
    def test_a_replayed_edit_adds_nothing_twice(self, logged_in, visit):
        category = make_category()
        data = edit_data(logged_in, visit)
        data.update(
            {
                "aspirations-TOTAL_FORMS": "1",
                "aspirations-0-kind": "aspirasi",
                "aspirations-0-urgency": "normal",
                "aspirations-0-category": category.pk,
                "aspirations-0-description": "Sekali saja.",
            }
        )
        logged_in.post(url(visit), data)
        replay = logged_in.post(url(visit), data)
        assert replay.status_code == 302
        assert visit.aspirations.count() == 1
        assert "sudah diubah sejak formulir dibuka" in logged_in.get(replay["Location"]).content.decode()

    def test_an_older_tab_does_not_overwrite_a_newer_edit(self, logged_in, visit):
        old_tab = edit_data(logged_in, visit, summary="Dari tab lama.")
        logged_in.post(url(visit), edit_data(logged_in, visit, summary="Terbaru."))
        logged_in.post(url(visit), old_tab)
        visit.refresh_from_db()
        assert visit.summary == "Terbaru."


@pytest.mark.django_db
class TestEditWindow:
    def test_it_is_open_just_before_24_hours(self, logged_in, visit):
        backdate(visit, hours=23, minutes=59)
        assert logged_in.get(url(visit)).status_code == 200
        assert "Ubah laporan" in logged_in.get(f"/visits/{visit.pk}/").content.decode()

    def test_after_24_hours_the_visit_is_read_only(self, logged_in, visit):
        backdate(visit, hours=24, minutes=1)
        response = logged_in.get(url(visit))
        assert response.status_code == 403
        assert "hanya dapat diubah dalam 24 jam" in response.content.decode()
        assert logged_in.post(url(visit), {"summary": "Terlambat."}).status_code == 403
        visit.refresh_from_db()
        assert visit.summary == "Ringkasan awal."
        assert "Ubah laporan" not in logged_in.get(f"/visits/{visit.pk}/").content.decode()

    def test_a_fellow_member_may_read_but_not_edit(self, client, other_officer, visit):
        visit.patrol.members.add(other_officer)
        client.force_login(other_officer)
        response = client.get(url(visit))
        assert response.status_code == 403
        assert "Hanya petugas yang mengirim laporan ini" in response.content.decode()

    def test_another_officer_gets_404(self, client, other_officer, visit):
        client.force_login(other_officer)
        assert client.get(url(visit)).status_code == 404

    def test_humas_gets_403(self, client, humas, visit):
        client.force_login(humas)
        assert client.get(url(visit)).status_code == 403


@pytest.mark.django_db
class TestQueryCounts:
    def test_the_edit_form_does_not_grow_with_aspirations_or_photos(self, logged_in, visit, django_assert_num_queries):
        make_aspiration(visit)
        make_photo(visit)
        with django_assert_num_queries(EDIT_FORM_QUERIES):
            logged_in.get(url(visit))
        for n in range(5):
            make_aspiration(visit, category=make_category(f"Kategori {n}"))
            make_aspiration(visit, status="diverifikasi")
            make_photo(visit)
        with django_assert_num_queries(EDIT_FORM_QUERIES):
            logged_in.get(url(visit))


@pytest.mark.django_db
def test_the_new_visit_form_query_count(client, officer, django_assert_num_queries):
    patrol = make_patrol(officer)
    for n in range(30):
        make_sector()
    make_topic()
    make_category()
    client.force_login(officer)
    with django_assert_num_queries(NEW_FORM_QUERIES):
        client.get(f"/patrols/{patrol.pk}/visits/new/")


# Session, user, groups, the patrol with its leader, then sectors with their
# desa, appeal topics and aspiration categories, and the open tasks in the menu.
NEW_FORM_QUERIES = 8
# Session, user, groups, the visit, its photos, its appeal topics, sectors,
# aspirations still "baru", categories, the topics offered, and the
# aspirations Humas has picked up, and the open tasks in the menu.
EDIT_FORM_QUERIES = 12
