from datetime import date

import pytest

from accounts.models import Role

from .factories import PASSWORD, make_user
from .sekongkang import sekongkang_week


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of a test land in its own folder and vanish with it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def officer(db):
    return make_user("bripka.rahman", Role.PETUGAS, first_name="Ahmad", last_name="Rahman", rank="Bripka")


@pytest.fixture
def other_officer(db):
    return make_user("brigpol.putu", Role.PETUGAS, first_name="Putu", last_name="Adnyana", rank="Brigpol")


@pytest.fixture
def humas(db):
    return make_user("iptu.humas", Role.HUMAS, first_name="Lalu", last_name="Hamdani", rank="Iptu")


@pytest.fixture
def admin_user(db):
    return make_user("admin.polsek", Role.ADMIN, first_name="Nyoman", last_name="Sudarma", rank="Aipda")


@pytest.fixture
def outsider(db):
    """Logged in, but in no role group."""
    return make_user("warga.luar")


@pytest.fixture
def reviewer(client, humas):
    """The test client, logged in as the Kasi Humas."""
    client.force_login(humas)
    return client


@pytest.fixture
def week(officer, other_officer):
    """A week of patrols in Sekongkang, Tuesday 21 October 2025 in the middle."""
    return sekongkang_week(officer, other_officer, date(2025, 10, 21))
