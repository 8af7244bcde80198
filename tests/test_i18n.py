"""Every page speaks Indonesian, third-party admin pages included."""

import pytest


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
