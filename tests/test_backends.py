"""The login backend reads a user's roles with the user, and a change of role counts from the next request."""

import pytest
from django.contrib.auth.models import Group

from accounts.backends import RoleAwareBackend
from accounts.models import Role

from .factories import make_user


@pytest.mark.django_db
class TestRoleAwareBackend:
    def test_the_roles_come_with_the_user(self, django_assert_num_queries):
        user = make_user("aipda.humas", Role.HUMAS, Role.PETUGAS)

        with django_assert_num_queries(1):
            loaded = RoleAwareBackend().get_user(user.pk)
            assert loaded.is_reviewer and loaded.is_officer
            assert not loaded.has_role(Role.ADMIN)

    def test_a_user_without_a_role_has_none(self):
        loaded = RoleAwareBackend().get_user(make_user("warga.biasa").pk)

        assert not loaded.is_officer and not loaded.is_reviewer

    def test_an_inactive_or_unknown_user_is_nobody(self):
        user = make_user("briptu.pindah", Role.PETUGAS, is_active=False)

        assert RoleAwareBackend().get_user(user.pk) is None
        assert RoleAwareBackend().get_user(user.pk + 1000) is None

    def test_a_role_taken_away_counts_from_the_next_request(self, client):
        user = make_user("iptu.humas", Role.HUMAS)
        client.force_login(user)
        assert client.get("/dashboard/").status_code == 200

        user.groups.remove(Group.objects.get(name=Role.HUMAS))

        assert client.get("/dashboard/").status_code == 403
