"""Which sectors a user may look into, decided here; any other sector is a 404."""

from django.shortcuts import get_object_or_404

from .selectors import sectors_for


def visible_sectors(user):
    """Officers work at the active sectors of their units; Humas and Admin also see the retired ones."""
    if user.is_reviewer:
        return sectors_for(user)
    return sectors_for(user).active()


def get_sector_for_user(user, pk):
    return get_object_or_404(visible_sectors(user), pk=pk)
