"""Logging in with Django's ModelBackend, reading a user's roles with the user."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.db.models import Exists, OuterRef

from .models import Role


def _flag(role):
    return f"in_role_{role.name.lower()}"


class RoleAwareBackend(ModelBackend):
    """Django's ModelBackend, whose get_user() also answers which roles the user has, in the same query.

    Every page asks (the menu, the access checks): that was a query of its own on every request.
    """

    def get_user(self, user_id):
        users = get_user_model()._default_manager.annotate(
            **{_flag(role): Exists(Group.objects.filter(user=OuterRef("pk"), name=role.value)) for role in Role}
        )
        try:
            user = users.get(pk=user_id)
        except users.model.DoesNotExist:
            return None
        if not self.user_can_authenticate(user):
            return None
        # What User.has_role() would otherwise read from the groups.
        user._role_names = {role.value for role in Role if getattr(user, _flag(role))}
        return user
