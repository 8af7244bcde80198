"""Which sectors a user may look into, decided here; any other sector is a 404."""

from django.shortcuts import get_object_or_404

from .models import Sector


def visible_sectors(user):
    """Officers work at the active sectors; Humas and Admin also see the retired ones."""
    if user.is_reviewer:
        return Sector.objects.all()
    return Sector.objects.active()


def get_sector_for_user(user, pk):
    return get_object_or_404(visible_sectors(user), pk=pk)
