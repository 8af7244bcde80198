import pytest
from django.urls import reverse


@pytest.mark.django_db
class TestLogin:
    def test_it_shows_the_form_in_indonesian(self, client):
        response = client.get("/accounts/login/")
        assert response.status_code == 200
        assert response["Content-Language"] == "id"
        body = response.content.decode()
        assert 'lang="id"' in body
        assert "Nama pengguna" in body
        assert "Masuk" in body

    def test_an_english_browser_still_gets_indonesian(self, client):
        response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert "Nama pengguna" in response.content.decode()

    def test_it_logs_in_and_lands_home(self, client, officer, password):
        response = client.post("/accounts/login/", {"username": officer.username, "password": password})
        assert response.status_code == 302
        assert response["Location"] == reverse("home")
        assert client.get("/").status_code == 200

    def test_a_wrong_password_is_refused_with_a_message(self, client, officer):
        response = client.post("/accounts/login/", {"username": officer.username, "password": "salah"})
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
        assert "dan kata sandi yang benar" in response.content.decode()

    def test_logout_ends_the_session(self, client, officer):
        client.force_login(officer)
        response = client.post("/accounts/logout/")
        assert response.status_code == 302
        assert "_auth_user_id" not in client.session
        assert client.get("/").status_code == 302


@pytest.mark.django_db
class TestHome:
    def test_it_needs_a_login(self, client):
        response = client.get("/")
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")

    def test_it_greets_the_officer_by_rank_and_name(self, client, officer):
        client.force_login(officer)
        body = client.get("/").content.decode()
        assert "Bripka Ahmad Rahman" in body
        assert reverse("admin:index") not in body

    def test_the_admin_sees_the_admin_link(self, client, admin_user):
        client.force_login(admin_user)
        assert reverse("admin:index") in client.get("/", follow=True).content.decode()

    def test_a_user_without_a_role_is_told_so(self, client, outsider):
        client.force_login(outsider)
        assert "belum memiliki peran" in client.get("/").content.decode()


@pytest.mark.django_db
def test_roles_come_from_the_groups(officer, humas, admin_user, outsider):
    assert officer.is_officer and not officer.is_reviewer
    assert humas.is_reviewer and not humas.is_officer
    assert admin_user.is_reviewer
    assert not outsider.is_officer and not outsider.is_reviewer


@pytest.mark.django_db
def test_each_role_has_its_permissions(officer, humas, admin_user):
    assert officer.has_perm("patrols.add_visit")
    assert not officer.has_perm("patrols.change_aspiration")
    assert not officer.has_perm("sectors.change_sector")
    assert humas.has_perm("patrols.change_aspiration")
    assert not humas.has_perm("patrols.add_visit")
    assert admin_user.has_perm("sectors.change_sector")
    assert admin_user.has_perm("accounts.add_user")
