"""/patrols/<id>/visits/new/: filing a visit report."""

import re
import struct
import uuid
import zlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from patrols.models import Aspiration, AspirationUpdate, Patrol, Visit, VisitPhoto

from .assertions import assert_no_inline_script
from .factories import (
    ASKS_FOR_JSON,
    make_aspiration,
    make_category,
    make_jpeg,
    make_patrol,
    make_sector,
    make_topic,
    make_visit,
    visit_form_data,
)


def url(patrol):
    return f"/patrols/{patrol.pk}/visits/new/"


@pytest.fixture
def patrol(officer):
    return make_patrol(officer)


@pytest.fixture
def sector():
    return make_sector(name="Pos Ronda Dusun Sebunga", latitude=Decimal("-8.991163"), longitude=Decimal("116.743236"))


@pytest.fixture
def category():
    return make_category("Keamanan lingkungan")


@pytest.fixture
def logged_in(client, officer):
    client.force_login(officer)
    return client


def jpeg_upload(name="foto.jpg", **kwargs):
    return SimpleUploadedFile(name, make_jpeg(**kwargs), content_type="image/jpeg")


def png_claiming(width, height):
    """A PNG of a few dozen bytes whose header claims width × height pixels: what a decompression bomb looks like
    before it is decoded."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.mark.django_db
class TestTheEmptyForm:
    def test_it_shows_the_form_with_a_fresh_uuid_and_the_time_now(self, logged_in, patrol, sector):
        response = logged_in.get(url(patrol))
        assert response.status_code == 200
        body = response.content.decode()
        form = response.context["form"]
        assert uuid.UUID(str(form["client_uuid"].value()))
        assert "Gunakan lokasi saya" in body
        assert "Pos Ronda Dusun Sebunga" in body
        assert "Nama dan nomor HP warga bersifat opsional" in body
        assert 'accept="image/*"' in body and 'capture="environment"' in body and "multiple" in body
        assert timezone.localtime().strftime("%Y-%m-%dT%H:") in body

    def test_each_load_gets_its_own_uuid(self, logged_in, patrol, sector):
        first = logged_in.get(url(patrol)).context["form"]["client_uuid"].value()
        second = logged_in.get(url(patrol)).context["form"]["client_uuid"].value()
        assert first != second

    def test_only_active_sectors_are_offered(self, logged_in, patrol, sector):
        make_sector(name="Sektor Lama", is_active=False)
        body = logged_in.get(url(patrol)).content.decode()
        assert "Sektor Lama" not in body

    def test_a_link_from_the_map_preselects_its_sector_and_what_is_open_there(self, logged_in, officer, patrol, sector):
        asked = make_aspiration(make_visit(make_patrol(officer), sector=sector), description="Lampu jalan mati.")
        response = logged_in.get(url(patrol), {"sector": sector.pk})
        body = response.content.decode()
        assert f'<option value="{sector.pk}" selected>' in body
        assert f'name="respond-{asked.pk}-done"' in body and "Lampu jalan mati." in body

    @pytest.mark.parametrize("value", ["", "abc", "٣", "9" * 40, "999999"])
    def test_a_link_naming_no_active_sector_preselects_nothing(self, logged_in, patrol, sector, value):
        retired = make_sector(name="Sektor Lama", is_active=False)
        for sector_value in (value, str(retired.pk)):
            response = logged_in.get(url(patrol), {"sector": sector_value})
            assert response.status_code == 200
            choices = response.content.decode().split('name="sector"', 1)[1].split("</select>", 1)[0]
            assert choices.count(" selected>") == 1 and '<option value="" selected>' in choices

    def test_the_page_has_no_inline_script(self, logged_in, patrol, sector, category):
        body = logged_in.get(url(patrol)).content.decode()
        assert_no_inline_script(body)


@pytest.mark.django_db
class TestFiling:
    def test_it_files_a_visit_with_everything(self, logged_in, officer, patrol, sector, category, media_root):
        narkoba, hoaks = make_topic("Narkoba"), make_topic("Hoaks")
        data = visit_form_data(
            sector,
            aspirations=[
                {"kind": "keluhan", "category": category.pk, "description": "Jalan berlubang di depan SD."},
                {
                    "category": category.pk,
                    "urgency": "tinggi",
                    "description": "Minta patroli malam.",
                    "resident_name": "Siti Aminah",
                    "resident_phone": "0812 0000 5678",
                },
            ],
            appeals=[narkoba.pk, hoaks.pk],
            situation="waspada",
            early_warning="on",
            early_warning_note="Sengketa batas kebun antara dua keluarga.",
            photos=[jpeg_upload("a.jpg"), jpeg_upload("b.jpg")],
        )
        response = logged_in.post(url(patrol), data)

        visit = Visit.objects.get()
        assert response.status_code == 302
        assert response["Location"] == f"/visits/{visit.pk}/"
        assert visit.officer == officer and visit.patrol == patrol and visit.sector == sector
        assert str(visit.client_uuid) == data["client_uuid"]
        assert visit.situation == "waspada" and visit.people_met == 12
        assert visit.early_warning and "batas kebun" in visit.early_warning_note
        assert visit.accuracy_m == 15 and visit.distance_from_sector_m < 10
        assert set(visit.appeals.all()) == {narkoba, hoaks}
        first, second = visit.aspirations.order_by("pk")
        assert first.kind == "keluhan" and first.status == "baru"
        assert second.resident_phone == "081200005678" and second.urgency == "tinggi"
        assert visit.photos.count() == 2

    def test_a_visit_needs_no_gps_no_aspiration_and_no_photo(self, logged_in, patrol, sector):
        data = visit_form_data(sector, latitude="", longitude="", accuracy_m="")
        assert logged_in.post(url(patrol), data).status_code == 302
        visit = Visit.objects.get()
        assert visit.latitude is None and visit.distance_from_sector_m is None

    def test_a_position_far_from_the_sector_is_kept_and_flagged(self, logged_in, patrol, sector):
        data = visit_form_data(sector, latitude="-9.010000", longitude="116.743200")
        logged_in.post(url(patrol), data)
        visit = Visit.objects.get()
        assert visit.is_far_from_sector
        assert "Jauh dari sektor" in logged_in.get(f"/visits/{visit.pk}/").content.decode()

    def test_an_anonymous_aspiration_drops_name_and_phone(self, logged_in, patrol, sector, category):
        row = {
            "category": category.pk,
            "description": "Ada transaksi mencurigakan di warung.",
            "is_anonymous": "on",
            "resident_name": "Pak Budi",
            "resident_phone": "081200001111",
        }
        logged_in.post(url(patrol), visit_form_data(sector, aspirations=[row]))
        aspiration = Aspiration.objects.get()
        assert aspiration.is_anonymous
        assert aspiration.resident_name == "" and aspiration.resident_phone == ""

    def test_each_aspiration_costs_only_its_own_rows(self, logged_in, patrol, sector, category):
        """Its category looked up and checked by key, its row in a savepoint (a code taken already is
        drawn again) and its history row: no query per CheckConstraint (clean() checks those rules)."""

        def statements(rows, client_uuid):
            row = {"category": category.pk, "description": "Lampu jalan di gang masjid mati."}
            data = visit_form_data(sector, aspirations=[row] * rows, client_uuid=client_uuid)
            with CaptureQueriesContext(connection) as queries:
                assert logged_in.post(url(patrol), data).status_code == 302
            return len(queries)

        one = statements(1, str(uuid.uuid4()))
        four = statements(4, str(uuid.uuid4()))

        assert Aspiration.objects.count() == 5
        assert four - one == 3 * 6

    def test_removed_and_untouched_rows_are_not_saved(self, logged_in, patrol, sector, category):
        rows = [
            {"category": category.pk, "description": "Tetap."},
            {"category": category.pk, "description": "Dihapus.", "DELETE": "on"},
            {},
        ]
        assert logged_in.post(url(patrol), visit_form_data(sector, aspirations=rows)).status_code == 302
        assert [a.description for a in Aspiration.objects.all()] == ["Tetap."]

    def test_the_early_warning_note_is_dropped_without_the_flag(self, logged_in, patrol, sector):
        logged_in.post(url(patrol), visit_form_data(sector, early_warning_note="Tidak dicentang."))
        assert Visit.objects.get().early_warning_note == ""

    def test_feedback_on_open_aspirations_is_recorded(self, logged_in, officer, other_officer, patrol, sector):
        earlier = make_visit(make_patrol(other_officer), sector=sector)
        asked, other, closed = (
            make_aspiration(earlier, description="Lampu jalan mati."),
            make_aspiration(earlier, description="Minta sosialisasi."),
            make_aspiration(earlier, status="selesai", closed_at=timezone.now()),
        )
        data = visit_form_data(
            sector,
            **{
                f"respond-{asked.pk}-done": "on",
                f"respond-{asked.pk}-note": "Sudah dilaporkan ke desa.",
                f"respond-{closed.pk}-done": "on",
            },
        )
        logged_in.post(url(patrol), data)
        update = AspirationUpdate.objects.get()
        assert update.aspiration == asked and update.author == officer
        assert update.visit == Visit.objects.get(patrol=patrol), "the visit's page lists it"
        assert update.feedback_delivered and update.note == "Sudah dilaporkan ke desa."
        assert update.status_to == "" and not other.updates.exists()
        assert Aspiration.objects.get(pk=asked.pk).version == asked.version + 1, "a reviewer's open page is now stale"

    def test_a_late_report_is_accepted_after_the_patrol_ended(self, logged_in, officer, sector):
        started = timezone.now() - timedelta(hours=5)
        patrol = make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=3))
        data = visit_form_data(sector, visited_at=timezone.localtime(started + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
        assert logged_in.post(url(patrol), data).status_code == 302


@pytest.mark.django_db
class TestValidation:
    def post(self, client, patrol, data):
        response = client.post(url(patrol), data)
        assert response.status_code == 200
        assert not Visit.objects.exists()
        assert "Laporan belum tersimpan" in response.content.decode()
        return response

    def errors(self, response):
        return response.context["form"].errors

    @pytest.mark.parametrize(
        "field, value, message",
        [
            ("sector", "", "Pilih sektor"),
            # Neither reaches a query of its own: the open aspirations are looked up for the sector the form accepted.
            ("sector", "99999999999999999999", "tidak ada"),
            ("sector", "²", "tidak ada"),
            ("summary", "", "Tuliskan ringkasan"),
            ("summary", "x" * 5001, "paling banyak 5000 karakter"),
            ("summary", "Aman.\x1b[31m", "karakter kontrol"),
            ("summary", "Aman.\x00", "null"),
            ("people_met", "", "jumlah warga"),
            ("people_met", "-1", "0"),
            ("people_met", "5001", "5000"),
            ("situation", "genting", "valid"),
            ("appeals", "99999999999999999999", "valid"),
            ("latitude", "116.7", "Lintang"),
            ("accuracy_m", "-5", "0"),
            ("visited_at", "", "Isi waktu kunjungan"),
            ("visited_at", "kemarin", "valid"),
        ],
    )
    def test_it_explains_a_bad_field_in_indonesian(self, logged_in, patrol, sector, field, value, message):
        response = self.post(logged_in, patrol, visit_form_data(sector, **{field: value}))
        assert message.lower() in " ".join(self.errors(response)[field]).lower()

    def test_an_inactive_sector_is_refused(self, logged_in, patrol):
        response = self.post(logged_in, patrol, visit_form_data(make_sector(is_active=False)))
        assert "tidak aktif lagi" in str(self.errors(response)["sector"])

    def test_latitude_without_longitude_is_refused(self, logged_in, patrol, sector):
        response = self.post(logged_in, patrol, visit_form_data(sector, longitude=""))
        assert "Isi lintang dan bujur sekaligus" in str(self.errors(response))

    def test_the_time_cannot_be_in_the_future(self, logged_in, patrol, sector):
        later = timezone.localtime() + timedelta(hours=2)
        response = self.post(logged_in, patrol, visit_form_data(sector, visited_at=later.strftime("%Y-%m-%dT%H:%M")))
        assert "masa depan" in str(self.errors(response)["visited_at"])

    def test_the_time_cannot_be_before_the_patrol_started(self, logged_in, patrol, sector):
        earlier = timezone.localtime(patrol.started_at) - timedelta(hours=1)
        response = self.post(logged_in, patrol, visit_form_data(sector, visited_at=earlier.strftime("%Y-%m-%dT%H:%M")))
        assert "sebelum patroli dimulai" in str(self.errors(response)["visited_at"])

    def test_an_early_warning_needs_its_note(self, logged_in, patrol, sector):
        response = self.post(logged_in, patrol, visit_form_data(sector, early_warning="on", early_warning_note=" "))
        assert "catatan peringatan dini" in str(self.errors(response)["early_warning_note"])

    def test_the_uuid_must_be_there(self, logged_in, patrol, sector):
        response = self.post(logged_in, patrol, visit_form_data(sector, client_uuid="bukan-uuid"))
        assert "Muat ulang halaman" in response.content.decode()

    @pytest.mark.parametrize(
        "row, field, message",
        [
            ({"description": "Tanpa kategori."}, "category", "Pilih kategori"),
            ({"category": "CATEGORY"}, "description", "Tuliskan apa"),
            ({"category": "CATEGORY", "description": "x", "kind": "gosip"}, "kind", "valid"),
            ({"category": "CATEGORY", "description": "x", "urgency": "santai"}, "urgency", "valid"),
            ({"category": "CATEGORY", "description": "x", "resident_phone": "12345"}, "resident_phone", "Nomor HP"),
        ],
    )
    def test_it_explains_a_bad_aspiration_row(self, logged_in, patrol, sector, category, row, field, message):
        row = {name: category.pk if value == "CATEGORY" else value for name, value in row.items()}
        response = self.post(logged_in, patrol, visit_form_data(sector, aspirations=[row]))
        errors = response.context["formset"].errors[0]
        assert message.lower() in " ".join(errors[field]).lower()

    def test_an_inactive_category_is_refused(self, logged_in, patrol, sector):
        retired = make_category("Lama")
        retired.is_active = False
        retired.save()
        row = {"category": retired.pk, "description": "x"}
        response = self.post(logged_in, patrol, visit_form_data(sector, aspirations=[row]))
        assert "tidak aktif lagi" in str(response.context["formset"].errors[0]["category"])

    def test_at_most_twenty_aspirations(self, logged_in, patrol, sector, category):
        rows = [{"category": category.pk, "description": f"Aspirasi {n}"} for n in range(21)]
        response = self.post(logged_in, patrol, visit_form_data(sector, aspirations=rows))
        assert response.context["formset"].non_form_errors()

    def test_a_forged_row_count_builds_no_more_than_twenty_rows(self, logged_in, patrol, sector):
        data = visit_form_data(sector, **{"aspirations-TOTAL_FORMS": "1000000"})
        formset = self.post(logged_in, patrol, data).context["formset"]
        assert len(formset.forms) == 20
        assert "paling banyak 20 formulir" in str(formset.non_form_errors())

    def test_every_row_and_field_is_kept_after_an_error(self, logged_in, patrol, sector, category):
        topic = make_topic()
        rows = [
            {"category": category.pk, "description": "Baris pertama", "resident_name": "Siti"},
            {"kind": "informasi", "category": category.pk, "description": "Baris kedua"},
        ]
        data = visit_form_data(sector, aspirations=rows, summary="", people_met="7", appeals=[topic.pk])
        body = self.post(logged_in, patrol, data).content.decode()
        assert "Baris pertama" in body and "Baris kedua" in body and 'value="Siti"' in body
        assert 'name="people_met" value="7"' in body
        assert f'value="{data["client_uuid"]}"' in body
        assert 'name="aspirations-TOTAL_FORMS" value="2"' in body
        assert f'value="{topic.pk}"' in body and "checked" in body

    def test_chosen_photos_must_be_chosen_again(self, logged_in, patrol, sector, media_root):
        data = visit_form_data(sector, summary="", photos=[jpeg_upload()])
        body = self.post(logged_in, patrol, data).content.decode()
        assert "Pilih fotonya lagi" in body
        assert not VisitPhoto.objects.exists()

    def test_no_photo_note_without_photos(self, logged_in, patrol, sector):
        body = self.post(logged_in, patrol, visit_form_data(sector, summary="")).content.decode()
        assert "Pilih fotonya lagi" not in body


@pytest.mark.django_db
class TestPhotos:
    def test_a_photo_is_shrunk_and_loses_its_exif_and_gps(self, logged_in, patrol, sector, media_root):
        exif = Image.Exif()
        exif[0x010F] = "Samsung"
        exif.get_ifd(0x8825)[2] = (8.0, 59.0, 28.0)
        upload = jpeg_upload("IMG_2041.jpg", width=4000, height=3000, exif=exif)
        logged_in.post(url(patrol), visit_form_data(sector, photos=[upload]))
        photo = VisitPhoto.objects.get()
        with Image.open(photo.image.path) as image:
            assert image.format == "JPEG"
            assert max(image.size) == 1600
            assert not image.getexif()
        assert (photo.width, photo.height) == (1600, 1200)
        assert "IMG_2041" not in photo.image.name

    def test_a_png_is_accepted_as_jpeg(self, logged_in, patrol, sector, media_root):
        upload = SimpleUploadedFile("layar.png", make_jpeg(image_format="PNG"), content_type="image/png")
        assert logged_in.post(url(patrol), visit_form_data(sector, photos=[upload])).status_code == 302
        assert VisitPhoto.objects.get().image.name.endswith(".jpg")

    def test_a_photo_is_known_by_its_content_not_its_name(self, logged_in, patrol, sector, media_root):
        upload = SimpleUploadedFile("catatan.txt", make_jpeg(image_format="PNG"), content_type="text/plain")
        assert logged_in.post(url(patrol), visit_form_data(sector, photos=[upload])).status_code == 302
        with Image.open(VisitPhoto.objects.get().image.path) as image:
            assert image.format == "JPEG"

    def test_every_photo_gets_a_random_name_of_its_own(self, logged_in, patrol, sector, media_root):
        photos = [jpeg_upload("foto.jpg"), jpeg_upload("foto.jpg")]
        logged_in.post(url(patrol), visit_form_data(sector, photos=photos))
        names = [photo.image.name for photo in VisitPhoto.objects.all()]
        assert len(set(names)) == 2
        assert all(re.fullmatch(r"visits/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", name) for name in names)

    @pytest.mark.parametrize(
        "name, content, message",
        [
            ("laporan.pdf", b"%PDF-1.4 bukan foto", "bukan foto yang dapat dibaca"),
            ("foto.jpg", b"Catatan patroli, bukan foto.", "bukan foto yang dapat dibaca"),
            ("foto.jpg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "bukan foto"),
            ("foto.jpg", make_jpeg()[:300], "bukan foto yang dapat dibaca"),
            ("animasi.gif", make_jpeg(image_format="GIF"), "bukan JPEG, PNG atau WebP"),
        ],
    )
    def test_a_file_that_is_no_usable_photo_is_refused_by_name(self, logged_in, patrol, sector, name, content, message):
        upload = SimpleUploadedFile(name, content, content_type="image/jpeg")
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=[jpeg_upload(), upload]))
        assert response.status_code == 200
        errors = " ".join(response.context["form"].errors["photos"])
        assert name in errors and message in errors
        assert not Visit.objects.exists()

    def test_a_file_over_ten_megabytes_is_refused(self, logged_in, patrol, sector):
        big = SimpleUploadedFile("besar.jpg", make_jpeg() + b"\0" * (10 * 1024 * 1024), content_type="image/jpeg")
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=[big]))
        assert "terlalu besar" in " ".join(response.context["form"].errors["photos"])

    def test_too_many_pixels_are_refused_before_decoding(self, logged_in, patrol, sector, monkeypatch):
        monkeypatch.setattr("patrols.photos.MAX_PIXELS", 640 * 480 - 1)
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=[jpeg_upload()]))
        assert "ukuran pikselnya" in " ".join(response.context["form"].errors["photos"])

    @pytest.mark.parametrize("side", [9_000, 100_000])
    def test_a_small_file_claiming_too_many_pixels_is_refused(self, logged_in, patrol, sector, side):
        """81 million pixels are over our limit and under Pillow's; ten billion are over both."""
        upload = SimpleUploadedFile("bom.png", png_claiming(side, side), content_type="image/png")
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=[upload]))
        assert "ukuran pikselnya" in " ".join(response.context["form"].errors["photos"])
        assert not Visit.objects.exists()

    def test_a_decompression_bomb_is_refused(self, logged_in, patrol, sector, monkeypatch):
        # Pillow refuses outright what is over twice its own limit.
        monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=[jpeg_upload()]))
        assert "ukuran pikselnya" in " ".join(response.context["form"].errors["photos"])

    def test_at_most_ten_photos(self, logged_in, patrol, sector):
        photos = [jpeg_upload(f"{n}.jpg", width=32, height=32) for n in range(11)]
        response = logged_in.post(url(patrol), visit_form_data(sector, photos=photos))
        assert "Paling banyak 10 foto" in " ".join(response.context["form"].errors["photos"])


@pytest.mark.django_db
class TestIdempotency:
    def test_the_same_post_twice_files_one_visit(self, logged_in, patrol, sector, category, media_root):
        data = visit_form_data(sector, aspirations=[{"category": category.pk, "description": "Sekali saja."}])
        first = logged_in.post(url(patrol), {**data, "photos": [jpeg_upload()]})
        second = logged_in.post(url(patrol), {**data, "photos": [jpeg_upload()]})
        assert first["Location"] == second["Location"]
        assert Visit.objects.count() == 1
        assert Aspiration.objects.count() == 1 and VisitPhoto.objects.count() == 1
        assert "sudah tersimpan sebelumnya" in logged_in.get(second["Location"]).content.decode()

    def test_a_replay_with_other_or_broken_data_still_finds_the_visit(self, logged_in, patrol, sector):
        data = visit_form_data(sector)
        first = logged_in.post(url(patrol), data)
        replay = logged_in.post(url(patrol), {**data, "summary": ""})
        assert replay.status_code == 302 and replay["Location"] == first["Location"]
        assert Visit.objects.count() == 1

    def test_the_database_constraint_catches_what_the_lookup_missed(self, officer, patrol, sector):
        from patrols import services

        key = uuid.uuid4()
        data = {**{field: None for field in services.VISIT_FIELDS}, "appeals": []}
        data.update(sector=sector, visited_at=timezone.now(), people_met=3, situation="aman", summary="x")
        data.update(early_warning=False, early_warning_note="")
        arguments = dict(officer=officer, patrol=patrol, data=data, aspirations=[], photos=[], responses=[], client_uuid=key)
        first, created = services.file_visit(**arguments)
        again, created_again = services.file_visit(**arguments)
        assert created and not created_again and again == first

    def test_a_replay_after_the_patrol_closed_still_finds_the_visit(self, logged_in, patrol, sector):
        data = visit_form_data(sector)
        first = logged_in.post(url(patrol), data)
        Patrol.objects.filter(pk=patrol.pk).update(
            started_at=timezone.now() - timedelta(days=30), ended_at=timezone.now() - timedelta(days=29)
        )
        assert logged_in.post(url(patrol), data)["Location"] == first["Location"]

    def test_another_officer_with_the_same_uuid_files_their_own(self, client, officer, other_officer, sector):
        data = visit_form_data(sector)
        client.force_login(officer)
        client.post(url(make_patrol(officer)), data)
        client.force_login(other_officer)
        client.post(url(make_patrol(other_officer)), data)
        assert Visit.objects.count() == 2


@pytest.mark.django_db
class TestWhoMayFile:
    def test_an_anonymous_visitor_is_sent_to_login(self, client, patrol):
        response = client.get(url(patrol))
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_another_officer_gets_404(self, client, other_officer, patrol):
        client.force_login(other_officer)
        assert client.get(url(patrol)).status_code == 404
        assert client.post(url(patrol), {}).status_code == 404

    def test_a_member_of_the_patrol_may_file(self, client, other_officer, patrol, sector):
        patrol.members.add(other_officer)
        client.force_login(other_officer)
        assert client.post(url(patrol), visit_form_data(sector)).status_code == 302
        assert Visit.objects.get().officer == other_officer

    @pytest.mark.parametrize("persona", ["humas", "admin_user", "outsider"])
    def test_other_roles_get_403(self, client, request, persona, patrol):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(url(patrol)).status_code == 403

    def test_a_patrol_ended_longer_ago_than_late_report_days_takes_no_visit(self, settings, logged_in, officer, sector):
        settings.LATE_REPORT_DAYS = 2
        started = timezone.now() - timedelta(days=3)
        patrol = make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=4))
        response = logged_in.get(url(patrol))
        assert response.status_code == 403
        assert "sudah selesai lebih dari 2 hari" in response.content.decode()
        assert logged_in.post(url(patrol), visit_form_data(sector)).status_code == 403
        assert not Visit.objects.exists()


def fresh(sector, **fields):
    """A report of its own: each has a new client_uuid, as the form gives each new visit."""
    return visit_form_data(sector, client_uuid=str(uuid.uuid4()), **fields)


# What Chromium sends with a form's own submit.
BROWSER = {"HTTP_ACCEPT": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"}


@pytest.mark.django_db
class TestOutboxAnswers:
    """As the phone's outbox sends it (Accept: application/json): JSON answers, never a page or a redirect."""

    def test_a_new_report_is_201_with_the_visits_address(self, officer_client, patrol, sector):
        photo = {"photos": [SimpleUploadedFile("foto.jpg", make_jpeg(), content_type="image/jpeg")]}
        response = officer_client.post(url(patrol), {**fresh(sector), **photo}, **ASKS_FOR_JSON)

        visit = Visit.objects.get()
        assert response.status_code == 201
        assert not list(get_messages(response.wsgi_request)), "a queued report is confirmed on whatever page is open"
        assert response["Content-Type"] == "application/json"
        assert response.json() == {"status": "created", "visit_id": visit.pk, "url": f"/visits/{visit.pk}/"}
        assert VisitPhoto.objects.filter(visit=visit).count() == 1

    def test_the_same_report_again_is_200_with_the_same_visit(self, officer_client, patrol, sector):
        sent = fresh(sector)
        first = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON).json()
        again = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

        assert again.status_code == 200
        assert again.json() == {**first, "status": "duplicate"}
        assert Visit.objects.count() == 1

    def test_a_replay_finds_its_visit_after_the_patrol_closed_for_good(self, settings, officer_client, patrol, sector):
        sent = fresh(sector)
        first = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON).json()
        patrol.started_at = timezone.now() - timedelta(days=settings.LATE_REPORT_DAYS + 3)
        patrol.ended_at = patrol.started_at + timedelta(hours=4)
        patrol.save()

        again = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

        assert again.status_code == 200 and again.json()["visit_id"] == first["visit_id"]

    def test_an_invalid_report_is_422_with_the_messages_field_by_field(self, officer_client, patrol, sector):
        category = make_category()
        rows = [
            {"category": category.pk, "description": "Lampu jalan mati."},
            {"category": category.pk, "description": ""},
        ]
        sent = fresh(sector, summary="", people_met="-3", aspirations=rows)
        response = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

        assert response.status_code == 422
        body = response.json()
        assert body["status"] == "invalid"
        assert body["errors"]["summary"] == ["Tuliskan ringkasan hasil dialog."]
        assert "people_met" in body["errors"]
        assert body["aspirations"][0] == {}
        assert list(body["aspirations"][1]) == ["description"]
        assert not Visit.objects.exists()

    def test_a_broken_formset_is_told_as_a_whole_form_error(self, officer_client, patrol, sector):
        sent = fresh(sector)
        del sent["aspirations-TOTAL_FORMS"]
        response = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

        assert response.status_code == 422
        assert response.json()["errors"]["__all__"]

    def test_a_visit_time_before_the_patrol_is_refused_in_indonesian(self, officer_client, patrol, sector):
        before = timezone.localtime(patrol.started_at) - timedelta(hours=1)
        sent = fresh(sector, visited_at=before.strftime("%Y-%m-%dT%H:%M"))
        response = officer_client.post(url(patrol), sent, **ASKS_FOR_JSON)

        assert response.json()["errors"] == {"visited_at": ["Waktu kunjungan tidak boleh sebelum patroli dimulai."]}

    def test_an_anonymous_or_expired_session_gets_401_json_not_the_login_page(self, client, patrol, sector):
        response = client.post(url(patrol), fresh(sector), **ASKS_FOR_JSON)

        assert response.status_code == 401
        assert response.json()["status"] == "login_required"
        assert response.json()["login_url"] == "/accounts/login/?next=/outbox/"
        assert not Visit.objects.exists()

    def test_a_browser_without_a_session_still_goes_to_the_login_page(self, client, patrol, sector):
        response = client.post(url(patrol), fresh(sector), **BROWSER)

        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")

    def test_a_browsers_form_post_still_gets_the_redirect_and_the_page(self, officer_client, patrol, sector):
        saved = officer_client.post(url(patrol), fresh(sector), **BROWSER)
        refused = officer_client.post(url(patrol), fresh(sector, summary=""), **BROWSER)

        assert saved.status_code == 302 and saved["Location"] == Visit.objects.get().get_absolute_url()
        assert refused.status_code == 200 and refused["Content-Type"].startswith("text/html")

    def test_a_refused_csrf_token_is_403_json_marked_csrf(self, officer, patrol, sector):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)
        response = client.post(url(patrol), fresh(sector), **ASKS_FOR_JSON)

        assert response.status_code == 403
        assert response.json()["status"] == "forbidden" and response.json()["csrf"] is True
        assert not Visit.objects.exists()

    def test_a_refused_csrf_token_on_a_page_is_still_djangos_page(self, officer, patrol, sector):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)
        response = client.post(url(patrol), fresh(sector), **BROWSER)

        assert response.status_code == 403 and response["Content-Type"].startswith("text/html")

    def test_a_fresh_token_from_the_outbox_endpoint_gets_through(self, officer, patrol, sector):
        client = Client(enforce_csrf_checks=True)
        client.force_login(officer)
        token = client.get("/outbox/token").json()["csrf_token"]

        response = client.post(url(patrol), fresh(sector), HTTP_X_CSRFTOKEN=token, **ASKS_FOR_JSON)

        assert response.status_code == 201

    @pytest.mark.parametrize("persona", ["humas", "admin_user", "outsider"])
    def test_other_roles_get_403_json(self, client, request, persona, patrol, sector):
        client.force_login(request.getfixturevalue(persona))
        response = client.post(url(patrol), fresh(sector), **ASKS_FOR_JSON)

        assert response.status_code == 403 and response.json()["status"] == "forbidden"

    def test_a_patrol_closed_longer_than_late_report_days_is_403_json_with_the_reason(
        self, settings, officer_client, officer, sector
    ):
        settings.LATE_REPORT_DAYS = 3
        started = timezone.now() - timedelta(days=5)
        patrol = make_patrol(officer, started_at=started, ended_at=started + timedelta(hours=4))
        response = officer_client.post(url(patrol), fresh(sector), **ASKS_FOR_JSON)

        assert response.status_code == 403
        assert response.json() == {
            "status": "forbidden",
            "reason": "Patroli ini sudah selesai lebih dari 3 hari yang lalu; laporannya tidak dapat dikirim lagi.",
        }
        assert not Visit.objects.exists()

    def test_a_patrol_the_officer_is_not_in_is_404_json(self, client, other_officer, patrol, sector):
        client.force_login(other_officer)
        response = client.post(url(patrol), fresh(sector), **ASKS_FOR_JSON)

        assert response.status_code == 404 and response.json()["status"] == "not_found"
