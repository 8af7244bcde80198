"""The Django admin: who may use it, every page opens, the sector form and the sector import/export."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from accounts.models import Role, User
from config.admin import GuardedChangeList
from patrols.models import Agency, Aspiration, AspirationUpdate, Patrol, Visit, VisitPhoto
from sectors.models import District, Sector, Village

from .factories import make_aspiration, make_sector, make_topic, make_user, make_village, make_visit

# The English headers and kind codes of files written before the columns were Indonesian: they still import.
SECTOR_HEADER = "name,kind,village_code,address,latitude,longitude,is_active\n"


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "green").save(buffer, "JPEG")
    return SimpleUploadedFile("foto.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.fixture
def record_of_each_model(officer, humas, settings, tmp_path):
    """One object of every model the admin shows."""
    settings.MEDIA_ROOT = tmp_path
    visit = make_visit(officer=officer, latitude=Decimal("-8.991"), longitude=Decimal("116.744"))
    visit.appeals.set([make_topic()])
    VisitPhoto.objects.create(visit=visit, image=jpeg(), caption="Dialog di pos ronda")
    aspiration = make_aspiration(visit, resident_name="Siti Aminah", resident_phone="081234567890")
    AspirationUpdate.objects.create(
        aspiration=aspiration, author=humas, status_from="baru", status_to="diverifikasi", note="Dicek ke lokasi."
    )
    Agency.objects.create(name="Dinas PUPR", short_name="PUPR", aliases="Dinas PUPR KSB")
    # A failed login fills django-axes' lists of attempts.
    Client().post(reverse("login"), {"username": officer.username, "password": "salah"})
    return visit


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_it_opens_every_admin_page_for_an_admin(admin_client, admin_user, record_of_each_model):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    for model, model_admin in admin.site._registry.items():
        obj = model._default_manager.first()
        assert obj is not None, f"no {model.__name__} to open"

        assert admin_client.get(admin_url(model, "changelist")).status_code == 200, model
        assert admin_client.get(admin_url(model, "changelist"), {"q": "Sekongkang"}).status_code == 200, model
        assert admin_client.get(admin_url(model, "change", obj.pk)).status_code == 200, model
        if model_admin.has_add_permission(request):
            assert admin_client.get(admin_url(model, "add")).status_code == 200, model


@pytest.mark.parametrize(
    "query",
    [
        {"visited_at__year": "99999999999999999999"},
        {"visited_at__gte": "99999-01-01"},
        {"situation__exact": "aman\x00"},
    ],
)
def test_a_query_string_it_cannot_use_is_answered_with_the_list(admin_client, query):
    response = admin_client.get(admin_url(Visit, "changelist"), query)

    assert response.status_code == 302
    assert response.url == admin_url(Visit, "changelist") + "?e=1"


@pytest.mark.filterwarnings("ignore:DateTimeField .* received a naive datetime:RuntimeWarning")
def test_a_date_before_any_the_database_holds_is_answered_with_the_list(admin_client):
    response = admin_client.get(reverse("admin:axes_accessattempt_changelist"), {"attempt_time__gte": "0001-01-01"})

    # Year 1 in WITA is before year 1 in UTC: the SQLite driver cannot take it and the
    # list answers with Django's ?e=1 page; psycopg can, and the list is shown. Never a 500.
    if response.status_code == 302:
        assert response.url.endswith("?e=1")
    else:
        assert response.status_code == 200


def test_an_overlong_search_is_refused_with_a_message(admin_client):
    response = admin_client.get(admin_url(Sector, "changelist"), {"q": "Sekongkang " * 100})

    assert response.status_code == 200
    assert "paling banyak 200 karakter" in response.content.decode()


def test_an_id_beyond_any_table_is_no_choice_in_a_many_to_many_field(admin_client, officer):
    response = admin_client.post(
        admin_url(User, "change", officer.pk),
        {"username": officer.username, "groups": ["99999999999999999999"], "date_joined_0": "2026-01-01"},
    )

    assert response.status_code == 200
    assert "groups" in response.context["adminform"].form.errors


def test_every_list_of_the_site_uses_the_guarded_changelist(rf, admin_user):
    request = rf.get("/admin/")
    request.user = admin_user
    for model_admin in admin.site._registry.values():
        assert model_admin.get_changelist(request) is GuardedChangeList, model_admin


def test_a_visit_shows_its_photos_through_the_checked_photo_address(admin_client, record_of_each_model):
    photo = VisitPhoto.objects.get()
    page = admin_client.get(admin_url(Visit, "change", photo.visit_id)).content.decode()

    address = f"/visits/{photo.visit_id}/photos/{photo.pk}.jpg"
    assert f'src="{address}"' in page and "/media/" not in page
    assert admin_client.get(address).status_code == 200


def test_it_shows_resident_identity_on_the_detail_page_only(admin_client, record_of_each_model):
    aspiration = Aspiration.objects.get()

    listing = admin_client.get(admin_url(Aspiration, "changelist"))
    detail = admin_client.get(admin_url(Aspiration, "change", aspiration.pk))

    assert "Siti Aminah" not in listing.content.decode()
    assert "081234567890" not in listing.content.decode()
    assert "Siti Aminah" in detail.content.decode()
    assert "081234567890" in detail.content.decode()


def add_records(n):
    """A new officer, patrol, visit, sector, village, aspiration and follow-up."""
    officer = make_user(f"bripda.uji{n}", Role.PETUGAS)
    aspiration = make_aspiration(make_visit(officer=officer))
    AspirationUpdate.objects.create(aspiration=aspiration, author=officer, note="Dicatat.")


@pytest.mark.parametrize("model", [User, District, Village, Sector, Patrol, Visit, Aspiration, AspirationUpdate])
def test_it_lists_without_a_query_per_row(admin_client, model):
    def count_queries():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(admin_url(model, "changelist")).status_code == 200
        return len(queries)

    add_records(1)
    one_row = count_queries()
    add_records(2)
    add_records(3)

    assert count_queries() == one_row


@pytest.mark.parametrize("persona", ["officer", "humas", "outsider"])
def test_it_sends_everyone_but_admins_to_the_admin_login(client, db, request, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(admin_url(Sector, "changelist"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_polsek_admin_manages_accounts_but_makes_no_superuser(admin_client, admin_user):
    superuser = User.objects.create_superuser("kapolres", password="Rahasia-panjang-2026")

    own_page = admin_client.get(admin_url(User, "change", admin_user.pk)).content.decode()
    superuser_page = admin_client.get(admin_url(User, "change", superuser.pk)).content.decode()

    assert 'name="rank"' in own_page
    assert 'name="groups"' in own_page
    assert 'name="is_superuser"' not in own_page
    assert 'name="_save"' not in superuser_page


def sector_form(village, **fields):
    return {"name": "Pos Ronda Dusun Tongo", "kind": "settlement", "village": village.pk, "is_active": "on", **fields}


def test_it_shows_the_point_picker_without_inline_scripts(admin_client):
    page = admin_client.get(admin_url(Sector, "add")).content.decode()

    assert 'data-lat-input="id_latitude"' in page
    assert 'data-lon-input="id_longitude"' in page
    assert 'data-center-lat="-8.975"' in page
    assert "leaflet/leaflet.js" in page
    assert "js/point-picker.js" in page
    assert "Klik peta untuk menetapkan titik" in page
    assert all("src=" in tag for tag in re.findall(r"<script[^>]*>", page))


def test_it_creates_a_sector_with_coordinates(admin_client):
    village = make_village()

    response = admin_client.post(
        admin_url(Sector, "add"), sector_form(village, latitude="-8.999592", longitude="116.808491")
    )

    assert response.status_code == 302
    sector = Sector.objects.get()
    assert sector.village == village
    assert (sector.latitude, sector.longitude) == (Decimal("-8.999592"), Decimal("116.808491"))


@pytest.mark.parametrize(
    "coordinates, message",
    [
        ({"latitude": "48.858370", "longitude": "2.294481"}, "Lintang harus di antara -11,5 dan 6,5"),
        ({"latitude": "-8.999592", "longitude": "-116.808491"}, "Bujur harus di antara 94,5 dan 141,5"),
        ({"latitude": "-8.999592", "longitude": ""}, "Isi lintang dan bujur sekaligus"),
        ({"latitude": "", "longitude": "116.808491"}, "Isi lintang dan bujur sekaligus"),
    ],
)
def test_it_refuses_bad_coordinates(admin_client, coordinates, message):
    response = admin_client.post(admin_url(Sector, "add"), sector_form(make_village(), **coordinates))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Sector.objects.exists()


def export(client, file_format):
    form = client.get(admin_url(Sector, "export")).context["form"]
    index = next(value for value, label in form.fields["format"].choices if label == file_format)
    fields = {name: "on" for name in form.fields if name.startswith("sectorresource_")}
    response = client.post(admin_url(Sector, "export"), {"format": index, "resource": "0", **fields})
    assert response.status_code == 200
    return response


def test_it_exports_sectors_as_csv(admin_client):
    village = make_village(code="52.07.04.2003", name="Tongo")
    make_sector(village=village, name="Pasar Tongo", kind=Sector.Kind.BUSINESS)

    content = export(admin_client, "csv").content.decode("utf-8-sig")

    header, row = content.splitlines()[:2]
    assert header == "nama,jenis,kode_desa,desa,alamat,lintang,bujur,nama_kontak,telepon_kontak,catatan,aktif"
    assert row.startswith("Pasar Tongo,Tempat usaha,52.07.04.2003,Tongo,,-8.991163,116.743236,")


def test_a_control_character_does_not_stop_the_xlsx_export(admin_client):
    """openpyxl refuses them; a name pasted with one still exports, the character replaced."""
    make_sector(name="Pos\x1bRonda")

    response = export(admin_client, "xlsx")

    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][0] == "Pos\N{REPLACEMENT CHARACTER}Ronda"


def test_it_exports_sectors_as_xlsx(admin_client):
    village = make_village(code="52.07.04.2007", name="Kemuning")
    make_sector(village=village, name="Masjid Kemuning", kind=Sector.Kind.PUBLIC_FACILITY)
    make_sector(village=village, name="Dusun Kemuning", latitude=None, longitude=None)

    response = export(admin_client, "xlsx")

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:7] == ("nama", "jenis", "kode_desa", "desa", "alamat", "lintang", "bujur")
    assert {row[0] for row in rows[1:]} == {"Masjid Kemuning", "Dusun Kemuning"}
    assert ("Masjid Kemuning", "Fasilitas umum", "52.07.04.2007", "Kemuning") in {row[:4] for row in rows[1:]}
    assert (-8.991163, 116.743236) in {(float(row[5]), float(row[6])) for row in rows[1:] if row[5]}


def preview_import(client, csv_text):
    upload = SimpleUploadedFile("sektor.csv", csv_text.encode(), content_type="text/csv")
    return client.post(admin_url(Sector, "import"), {"format": "0", "resource": "0", "import_file": upload})


def test_it_imports_sectors_from_csv(admin_client):
    make_village(code="52.07.04.2004", name="Ai Kangkung")
    csv_text = SECTOR_HEADER + (
        "TPI Senutuk,business,52.07.04.2004,Dusun Senutuk,-9.013,116.834,1\n"
        "Dusun Senutuk RT 02,settlement,52.07.04.2004,Dusun Senutuk RT 02,-9.0129431,116.8339771,1\n"
    )

    preview = preview_import(admin_client, csv_text)
    assert not Sector.objects.exists()
    confirm = preview.context["confirm_form"]
    response = admin_client.post(admin_url(Sector, "process_import"), confirm.initial)

    assert response.status_code == 302
    tpi, rt = Sector.objects.order_by("name").reverse()
    assert (tpi.name, tpi.kind, tpi.village.code) == ("TPI Senutuk", "business", "52.07.04.2004")
    assert (tpi.latitude, tpi.longitude) == (Decimal("-9.013"), Decimal("116.834"))
    assert (rt.latitude, rt.longitude) == (Decimal("-9.012943"), Decimal("116.833977"))


def test_it_imports_a_file_in_indonesian(admin_client):
    make_village(code="52.07.04.2004", name="Ai Kangkung")
    csv_text = (
        "nama,jenis,kode_desa,desa,alamat,lintang,bujur,aktif\n"
        "TPI Senutuk,Tempat usaha,52.07.04.2004,Ai Kangkung,Dusun Senutuk,-9.013,116.834,1\n"
        "Masjid Senutuk,fasilitas umum,52.07.04.2004,Ai Kangkung,,\"-9,0125\",\"116,8341\",1\n"
    )

    preview = preview_import(admin_client, csv_text)
    admin_client.post(admin_url(Sector, "process_import"), preview.context["confirm_form"].initial)

    sectors = {s.name: s for s in Sector.objects.all()}
    assert (sectors["TPI Senutuk"].kind, sectors["TPI Senutuk"].address) == ("business", "Dusun Senutuk")
    assert sectors["Masjid Senutuk"].kind == "public_facility"
    assert (sectors["Masjid Senutuk"].latitude, sectors["Masjid Senutuk"].longitude) == (
        Decimal("-9.0125"), Decimal("116.8341"))


def test_an_exported_file_imports_again_unchanged(admin_client):
    make_sector(name="Pasar Tongo", kind=Sector.Kind.BUSINESS, address="Dusun Tongo")
    content = export(admin_client, "csv").content.decode("utf-8-sig")

    preview = preview_import(admin_client, content)

    assert not preview.context["result"].has_errors() and not preview.context["result"].has_validation_errors()
    assert [row.import_type for row in preview.context["result"].rows] == ["skip"]


def test_it_updates_a_sector_found_by_village_and_name(admin_client):
    village = make_village(code="52.07.04.2004", name="Ai Kangkung")
    sector = make_sector(village=village, name="TPI Senutuk", kind=Sector.Kind.BUSINESS, address="")

    preview = preview_import(admin_client, SECTOR_HEADER + "TPI Senutuk,business,52.07.04.2004,Dusun Senutuk,,,0\n")
    admin_client.post(admin_url(Sector, "process_import"), preview.context["confirm_form"].initial)

    sector.refresh_from_db()
    assert (sector.address, sector.latitude, sector.is_active) == ("Dusun Senutuk", None, False)
    assert Sector.objects.count() == 1


def test_it_imports_sectors_from_xlsx(admin_client):
    make_village(code="52.07.04.2006", name="Talonang Baru")
    workbook = openpyxl.Workbook()
    workbook.active.append(["name", "kind", "village_code", "latitude", "longitude"])
    workbook.active.append(["SDN Talonang", "public_facility", "52.07.04.2006", -9.070376, 117.006432])
    buffer = io.BytesIO()
    workbook.save(buffer)
    upload = SimpleUploadedFile("sektor.xlsx", buffer.getvalue())

    preview = admin_client.post(admin_url(Sector, "import"), {"format": "1", "resource": "0", "import_file": upload})
    admin_client.post(admin_url(Sector, "process_import"), preview.context["confirm_form"].initial)

    sector = Sector.objects.get()
    assert (sector.name, sector.kind, sector.village.code) == ("SDN Talonang", "public_facility", "52.07.04.2006")
    assert (sector.latitude, sector.longitude) == (Decimal("-9.070376"), Decimal("117.006432"))


@pytest.mark.parametrize(
    "bad_row, message",
    [
        ("Pos Ronda,settlement,52.07.04.9999,,-9.0,116.8,1", "Tidak ada desa dengan kode 52.07.04.9999."),
        ("Pos Ronda,pemukiman,52.07.04.2004,,-9.0,116.8,1",
         "Jenis pemukiman tidak dikenal. Pilih salah satu: Permukiman, Tempat usaha, Fasilitas umum."),
        ("Pos Ronda,settlement,52.07.04.2004,,utara,116.8,1", "Koordinat harus berupa angka"),
        ("Pos Ronda,settlement,52.07.04.2004,,116.8,-9.0,1", "Lintang harus di antara -11,5 dan 6,5"),
        (",settlement,52.07.04.2004,,,,1", "tidak boleh kosong"),
    ],
)
def test_it_reports_bad_rows_and_imports_nothing(admin_client, bad_row, message):
    make_village(code="52.07.04.2004", name="Ai Kangkung")
    csv_text = SECTOR_HEADER + "TPI Senutuk,business,52.07.04.2004,,-9.013,116.834,1\n" + bad_row + "\n"

    response = preview_import(admin_client, csv_text)

    assert response.status_code == 200
    assert response.context["result"].has_validation_errors()
    assert "confirm_form" not in response.context
    assert message in response.content.decode()
    assert not Sector.objects.exists()


def test_confirming_twice_imports_once_and_says_why(admin_client):
    make_village(code="52.07.04.2004", name="Ai Kangkung")
    preview = preview_import(admin_client, SECTOR_HEADER + "TPI Senutuk,business,52.07.04.2004,,-9.013,116.834,1\n")
    confirm = preview.context["confirm_form"].initial

    admin_client.post(admin_url(Sector, "process_import"), confirm)
    again = admin_client.post(admin_url(Sector, "process_import"), confirm, follow=True)

    assert again.redirect_chain == [(admin_url(Sector, "import"), 302)]
    assert "sudah diimpor" in again.content.decode()
    assert Sector.objects.count() == 1


@pytest.mark.parametrize(
    "field, value",
    [("format", "7"), ("format", "abc"), ("resource", "99"), ("import_file_name", "../../etc/passwd")],
)
def test_a_hand_edited_confirmation_is_refused(admin_client, field, value):
    make_village(code="52.07.04.2004", name="Ai Kangkung")
    preview = preview_import(admin_client, SECTOR_HEADER + "TPI Senutuk,business,52.07.04.2004,,-9.013,116.834,1\n")

    response = admin_client.post(
        admin_url(Sector, "process_import"), {**preview.context["confirm_form"].initial, field: value}
    )

    assert response.status_code == 200
    assert response.context["confirm_form"].has_error(field)
    assert not Sector.objects.exists()


def test_it_imports_only_for_those_who_may_add_sectors(client, db):
    viewer = make_user("staf.lihat", is_staff=True)
    viewer.user_permissions.set([Permission.objects.get(codename="view_sector")])
    client.force_login(viewer)

    assert client.get(admin_url(Sector, "changelist")).status_code == 200
    assert client.get(admin_url(Sector, "import")).status_code == 403
