"""Every page speaks Indonesian, third-party admin pages included."""

import pytest

from .factories import PASSWORD, make_sector


@pytest.mark.django_db
def test_the_sector_import_page_is_in_indonesian(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/admin/sectors/sector/import/").content.decode()
    assert "Kolom yang akan diimpor" in body
    assert "Berkas yang diimpor" in body
    assert "This importer will import" not in body


@pytest.mark.django_db
def test_the_sector_export_page_is_in_indonesian(client, admin_user):
    client.force_login(admin_user)
    body = client.get("/admin/sectors/sector/export/").content.decode()
    assert "Kolom yang akan diekspor" in body


# Django's own Indonesian, corrected in the project's catalogue where it shows here.


@pytest.mark.django_db
def test_a_failed_login_says_what_to_enter_once(client, officer):
    body = client.post("/accounts/login/", {"username": officer.username, "password": PASSWORD + "-salah"})
    text = body.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar. Huruf besar dan kecil dibedakan." in text
    assert "nama pengguna nama pengguna" not in text


@pytest.mark.django_db
def test_a_failed_admin_login_says_what_to_enter_once(client, officer):
    response = client.post("/admin/login/", {"username": officer.username, "password": PASSWORD})
    text = response.content.decode()
    assert "Masukkan nama pengguna dan kata sandi yang benar untuk akun staf." in text
    assert "nama pengguna nama pengguna" not in text


@pytest.mark.django_db
def test_a_duplicate_sector_is_said_to_exist_already(client, admin_user):
    sector = make_sector(name="Pasar Tongo")
    client.force_login(admin_user)
    form = {"name": "Pasar Tongo", "kind": "business", "village": sector.village.pk, "is_active": "on"}
    text = client.post("/admin/sectors/sector/add/", form).content.decode()
    assert "Sektor dengan Desa dan Nama ini sudah ada." in text
    assert "Perbaiki kesalahan di bawah ini." in text
    assert "tidak ada." not in text and "dibawah" not in text


# English, chosen with the footer's language switcher (Django's set_language view).


@pytest.mark.django_db
def test_the_switcher_sets_the_cookie_and_the_login_page_turns_english(client, settings):
    login = client.get("/accounts/login/").content.decode()
    assert 'action="/i18n/setlang/"' in login
    assert 'value="en"' in login
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    body = client.get("/accounts/login/").content.decode()
    assert '<html lang="en">' in body
    assert "Log in" in body
    assert "Masuk" not in body


@pytest.mark.django_db
def test_without_the_cookie_it_is_indonesian_even_for_an_english_browser(client):
    body = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="id">' in body
    assert "Masuk" in body
    assert "Log in" not in body


@pytest.mark.django_db
def test_an_officer_sees_english_navigation(client, officer, settings):
    client.force_login(officer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body
    assert "My patrols" in body
    assert "Log out" in body
    assert "Patroli saya" not in body


def test_the_english_catalogue_has_no_fuzzy_entries():
    from django.conf import settings as django_settings

    po = (django_settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text()
    assert "#, fuzzy" not in po
    assert (django_settings.BASE_DIR / "locale" / "en" / "LC_MESSAGES" / "django.mo").exists()
