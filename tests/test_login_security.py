"""Login hardening: lockout per username and address, one answer for every failure, strong passwords,
a session that ends with the shift, and an audit line for each of it."""

import logging
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

LOGIN = "/accounts/login/"
STREET = "203.0.113.5"  # an officer's carrier address, shared by many phones
ELSEWHERE = "198.51.100.7"

pytestmark = pytest.mark.django_db


def attempt(client, user, password, ip=STREET, **headers):
    return client.post(LOGIN, {"username": getattr(user, "username", user), "password": password},
                       REMOTE_ADDR=ip, **headers)


def fail(client, user, times, ip=STREET, **headers):
    return [attempt(client, user, "salah-terus", ip, **headers).status_code for _ in range(times)]


def is_logged_in(client):
    return "_auth_user_id" in client.session


class TestSameAnswer:
    def test_an_unknown_user_and_a_wrong_password_are_told_the_same(self, client, officer):
        wrong_password = attempt(client, officer, "salah")
        unknown_user = attempt(client, "bukan.petugas", "salah")

        assert wrong_password.status_code == unknown_user.status_code == 200
        assert wrong_password.context["form"].errors == unknown_user.context["form"].errors
        assert "dan kata sandi yang benar" in unknown_user.content.decode()

    @pytest.mark.parametrize("path", [LOGIN, "/admin/login/"])
    def test_a_username_longer_than_any_account_is_refused_before_it_is_tried(self, client, path):
        response = client.post(path, {"username": "x" * 256, "password": "salah"}, REMOTE_ADDR=STREET)

        assert response.status_code == 200
        assert "paling banyak 150 karakter" in response.content.decode()
        assert not AccessAttempt.objects.exists()


class TestLockout:
    def test_five_failures_lock_that_username_at_that_address(self, client, officer, password):
        assert fail(client, officer, 4) == [200] * 4

        locked = attempt(client, officer, "salah-terus")
        assert locked.status_code == 429
        assert "Terlalu banyak percobaan masuk" in locked.content.decode()
        assert "Coba lagi dalam 15 menit" in locked.content.decode()

        right_password = attempt(client, officer, password)
        assert right_password.status_code == 429
        assert not is_logged_in(client)

    def test_two_officers_behind_one_address_do_not_lock_each_other_out(self, client, officer, other_officer,
                                                                         password):
        fail(client, officer, 5)

        assert attempt(client, other_officer, password).status_code == 302
        assert is_logged_in(client)

    def test_the_locked_officer_still_logs_in_from_another_address(self, client, officer, password):
        fail(client, officer, 5)

        assert attempt(client, officer, password, ip=ELSEWHERE).status_code == 302

    def test_the_lock_lifts_after_the_cool_off(self, client, officer, password):
        fail(client, officer, 5)
        AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

        assert attempt(client, officer, password).status_code == 302

    def test_a_successful_login_starts_the_count_again(self, client, officer, password):
        fail(client, officer, 4)
        assert attempt(client, officer, password).status_code == 302
        client.logout()

        assert fail(client, officer, 4) == [200] * 4
        assert attempt(client, officer, password).status_code == 302

    def test_the_admin_login_is_locked_too(self, client, admin_user, password):
        for _ in range(5):
            response = client.post(reverse("admin:login"), {"username": admin_user.username, "password": "salah"},
                                   REMOTE_ADDR=STREET)

        assert response.status_code == 429

    def test_behind_the_proxy_the_client_address_counts(self, client, officer, password, settings):
        settings.USE_X_FORWARDED_FOR = True
        # Whatever the client writes first, the proxy appends the address it saw.
        fail(client, officer, 5, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=f"{ELSEWHERE}, {STREET}")

        other_phone = attempt(client, officer, password, ip="127.0.0.1", HTTP_X_FORWARDED_FOR=ELSEWHERE)
        assert other_phone.status_code == 302
        assert AccessAttempt.objects.get().ip_address == STREET


class TestAuditLog:
    def test_failures_and_the_lockout_are_logged(self, client, officer, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            fail(client, officer, 5)

        audit = [r.getMessage() for r in caplog.records if r.name == "accounts.audit"]
        assert audit.count(f"login failed username='bripka.rahman' ip={STREET}") == 5
        assert f"login locked out username='bripka.rahman' ip={STREET}" in audit

    def test_a_login_and_a_logout_are_logged(self, client, officer, password, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            attempt(client, officer, password)
            client.post("/accounts/logout/", REMOTE_ADDR=STREET)

        audit = [r.getMessage() for r in caplog.records if r.name == "accounts.audit"]
        assert audit == [
            f"login user='bripka.rahman' (id {officer.pk}) ip={STREET}",
            f"logout user='bripka.rahman' (id {officer.pk}) ip={STREET}",
        ]

    def test_a_typed_newline_cannot_forge_a_log_line(self, client, caplog):
        with caplog.at_level(logging.INFO, logger="accounts.audit"):
            attempt(client, "x\nlogin user='admin' ip=1.2.3.4", "salah")

        (line,) = [r.getMessage() for r in caplog.records if r.name == "accounts.audit"]
        assert "\n" not in line
        assert "\\n" in line


class TestPasswords:
    @pytest.mark.parametrize("weak", ["12345678", "password", "Sekong1", "bripka.rahman"])
    def test_a_weak_password_is_refused(self, officer, weak):
        with pytest.raises(ValidationError):
            validate_password(weak, officer)

    def test_the_demo_password_is_strong_enough(self, officer, password):
        validate_password(password, officer)

    def test_an_admin_cannot_give_a_new_officer_a_weak_password(self, client, admin_user):
        client.force_login(admin_user)

        response = client.post(reverse("admin:accounts_user_add"), {
            "username": "bripda.baru",
            "usable_password": "true",
            "password1": "12345678",
            "password2": "12345678",
        })

        assert response.status_code == 200
        assert "terlalu umum" in response.content.decode()
        assert not User.objects.filter(username="bripda.baru").exists()


class TestSession:
    def test_logging_in_gives_a_new_session_key(self, client, officer, password):
        before = client.session.session_key

        attempt(client, officer, password)

        assert client.cookies[settings.SESSION_COOKIE_NAME].value != before

    def test_the_session_cookie_lasts_one_shift(self, client, officer, password):
        response = attempt(client, officer, password)

        cookie = response.cookies[settings.SESSION_COOKIE_NAME]
        assert 12 * 60 * 60 - 5 < int(cookie["max-age"]) <= 12 * 60 * 60
        assert cookie["httponly"]
        assert cookie["samesite"] == "Lax"

    def test_the_session_ends_twelve_hours_after_login_however_busy(self, client, officer, password, monkeypatch):
        logged_in_at = timezone.now()
        attempt(client, officer, password)

        real_now = timezone.now
        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=11, minutes=59))
        session = client.session
        session["still_here"] = True
        session.save()
        assert client.get("/").status_code == 200
        assert client.session.get_expiry_date() - logged_in_at < timedelta(hours=12, seconds=5)

        monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(hours=12, minutes=1))
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_logout_ends_the_session_on_the_server(self, client, officer, password):
        attempt(client, officer, password)
        old_key = client.cookies[settings.SESSION_COOKIE_NAME].value

        client.post("/accounts/logout/")

        assert not Session.objects.filter(session_key=old_key).exists()
        client.cookies[settings.SESSION_COOKIE_NAME] = old_key
        assert client.get("/").status_code == 302

    @pytest.mark.parametrize("change", ["deactivate", "new_password"])
    def test_an_admin_ends_a_lost_phones_session(self, client, officer, password, change):
        attempt(client, officer, password)

        if change == "deactivate":
            officer.is_active = False
        else:
            officer.set_password("Sandi-baru-Sekongkang-2026")
        officer.save()

        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith(LOGIN)

    def test_logout_needs_a_post(self, client, officer):
        client.force_login(officer)

        assert client.get("/accounts/logout/").status_code == 405
        assert is_logged_in(client)
