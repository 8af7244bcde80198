import pytest

from accounts.models import Role

from .factories import PASSWORD, make_user


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
