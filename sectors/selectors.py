"""Places as a viewer may read them: districts, desa and sectors of the units they reach."""

from accounts.scope import within

from .models import District, Sector, Village


def districts_for(user):
    return within(District.objects.all(), user)


def villages_for(user):
    return within(Village.objects.all(), user, "district__unit")


def sectors_for(user):
    """Every sector of the viewer's units, retired ones too."""
    return within(Sector.objects.all(), user, "village__district__unit")
