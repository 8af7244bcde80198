"""Visits, aspirations and the people behind them, as a viewer may read them.

Every page, export, map layer, report and form choice of scoped data starts here (or at
sectors.selectors); accounts.scope says which units a viewer reaches.
"""

from accounts.models import Role, User
from accounts.scope import within

from .models import AppealTopic, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit


def patrols_for(user):
    """The patrols led by officers of the units `user` reaches."""
    return within(Patrol.objects.all(), user, "leader__unit")


def visits_for(user):
    """The visits of the units `user` reaches."""
    return within(Visit.objects.all(), user)


def aspirations_for(user):
    """The aspirations of the units `user` reaches."""
    return within(Aspiration.objects.all(), user)


def updates_for(user):
    """Follow-ups of the aspirations `user` may read."""
    return within(AspirationUpdate.objects.all(), user, "aspiration__unit")


def accounts_for(user):
    """Accounts of the units `user` reaches, retired ones too (their names stay on what they wrote)."""
    return within(User.objects.all(), user)


def people_for(user):
    """Active accounts of the units `user` reaches."""
    return accounts_for(user).filter(is_active=True)


def officers_for(user):
    """Patrol officers of the viewer's units: who may walk in a patrol, and whose visits the filters offer."""
    return people_for(user).filter(groups__name=Role.PETUGAS).distinct()


def assignees_for(user):
    """Anyone with a role in the viewer's units may follow an aspiration up: Bhabinkamtibmas, Kanit, Humas."""
    return people_for(user).filter(groups__name__in=Role.values).distinct()


def categories():
    """Aspiration categories are the same for every unit."""
    return AspirationCategory.objects.all()


def topics():
    """Appeal topics are the same for every unit."""
    return AppealTopic.objects.all()
