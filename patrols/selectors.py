"""Visits, aspirations and the people behind them, as a viewer may read them.

Every page, export, map layer, report and form choice of scoped data starts here (or at
sectors.selectors); accounts.scope says which units a viewer reaches.
"""

from accounts.models import Role, User
from accounts.scope import scope_key, within

from . import cache
from .models import AppealTopic, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit

# Agencies a Polsek forwards to everywhere in Sumbawa Barat, offered before any aspiration was forwarded.
AGENCY_SUGGESTIONS = [
    "Pemerintah Desa",
    "Kecamatan",
    "Dinas PUPR Kabupaten Sumbawa Barat",
    "Dinas Sosial Kabupaten Sumbawa Barat",
    "Dinas Kesehatan Kabupaten Sumbawa Barat",
    "Dinas Perhubungan Kabupaten Sumbawa Barat",
    "PLN",
    "Sat Reskrim Polres Sumbawa Barat",
    "Sat Resnarkoba Polres Sumbawa Barat",
    "Sat Lantas Polres Sumbawa Barat",
]


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


def agency_suggestions_for(user):
    """The usual agencies and every one the viewer's aspirations were forwarded to: a DISTINCT over
    all of them (130 ms at a million), so cached per scope until an aspiration changes."""
    def names():
        # order_by(): with the model's ordering, DISTINCT would also take created_at and return every row.
        used = aspirations_for(user).exclude(forwarded_to="").order_by().values_list("forwarded_to", flat=True)
        return sorted(set(AGENCY_SUGGESTIONS) | set(used.distinct()), key=str.casefold)

    return cache.figures("agencies", {"scope": scope_key(user)}, names)
