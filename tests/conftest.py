from datetime import date

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from accounts.models import Role

from .factories import PASSWORD, make_user
from .sekongkang import sekongkang_week


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests make hundreds of accounts and logins; PBKDF2's deliberate quarter second each is meant for attackers."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads of a test land in its own folder and vanish with it."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache():
    """Figures cached by one test must not answer another: a rolled-back SQLite database reuses its ids."""
    cache.clear()
    yield
    cache.clear()


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
def officer_client(client, officer):
    """The test client, logged in as the officer."""
    client.force_login(officer)
    return client


@pytest.fixture
def reviewer(client, humas):
    """The test client, logged in as the Kasi Humas."""
    client.force_login(humas)
    return client


@pytest.fixture
def week(officer, other_officer):
    """A week of patrols in Sekongkang, Tuesday 21 October 2025 in the middle."""
    return sekongkang_week(officer, other_officer, date(2025, 10, 21))


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """One transaction around a module: data built once for all its tests, rolled back after them.

    The tests are marked django_db as usual, which both sets the test database
    up and runs each of them in a savepoint inside this transaction, as
    setUpTestData does.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)
