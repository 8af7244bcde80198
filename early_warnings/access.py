"""Who sees and moves early warnings, decided here and nowhere else.

Kapolsek and Humas (the permission to view every warning) see the warnings of the units they
reach: their own and every unit below it. Anyone else sees the warnings they raised or were
given to handle. What each may do to one is a Django permission on their group, granted by
this app's data migration and changed in the admin. A warning a user may not see is a 404.
"""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, Unit, User

from .models import EarlyWarning

VIEW_ALL = "early_warnings.view_earlywarning"
ADD_NOTE = "early_warnings.add_earlywarningupdate"
ACKNOWLEDGE = "early_warnings.acknowledge_earlywarning"
ASSIGN = "early_warnings.assign_earlywarning"
CLOSE = "early_warnings.close_earlywarning"

State = EarlyWarning.State


class Action:
    NOTE = "catatan"
    ACKNOWLEDGE = "akui"
    HANDLE = "tangani"
    CLOSE = "tutup"


def _within_reach(user):
    """The units `user` reaches; a user serving in no unit reaches the warnings of no unit."""
    if user.is_superuser:
        return Q()
    if user.unit_id is None:
        return Q(unit__isnull=True)
    return Q(unit__in=Unit(pk=user.unit_id).reach())


def visible_warnings(user):
    if user.has_perm(VIEW_ALL):
        return unit_warnings(user)
    return EarlyWarning.objects.filter(Q(visit__officer=user) | Q(assignee=user))


def unit_warnings(user):
    """The warnings of the units `user` reaches: what a reviewer's dashboard counts, as /warnings/ lists them
    for a user holding the permission to view them (Humas and Admin)."""
    return EarlyWarning.objects.filter(_within_reach(user))


def reach_key(user):
    """What unit_warnings(user) depends on, for a cache key: an equal key, the same warnings."""
    return ("all",) if user.is_superuser else ("unit", user.unit_id)


def get_warning_for_user(user, pk):
    """A warning with everything its page shows."""
    queryset = visible_warnings(user).select_related(
        "visit__officer", "visit__sector__village", "assignee", "acknowledged_by"
    )
    return get_object_or_404(queryset, pk=pk)


# Each step and the permission it takes.
PERMISSIONS = {
    Action.NOTE: ADD_NOTE,
    Action.ACKNOWLEDGE: ACKNOWLEDGE,
    Action.HANDLE: ASSIGN,
    Action.CLOSE: CLOSE,
}


def permitted_actions(user):
    """The steps `user` may take on the warnings they see, whatever their state."""
    return [action for action, permission in PERMISSIONS.items() if user.has_perm(permission)]


def actions_for(user, warning):
    """The steps `user` may take on `warning` now, as (action, label) for the form."""
    state = warning.state
    labels = {
        Action.NOTE: _("Tambah catatan"),
        Action.ACKNOWLEDGE: _("Akui: peringatan sudah diterima"),
        Action.HANDLE: _("Ganti petugas yang menangani") if state == State.DITANGANI else _("Tangani"),
        Action.CLOSE: _("Tutup dengan hasil"),
    }
    possible = {
        Action.NOTE: True,
        Action.ACKNOWLEDGE: state == State.BARU,
        Action.HANDLE: state in (State.DIAKUI, State.DITANGANI),
        Action.CLOSE: state in (State.DIAKUI, State.DITANGANI),
    }
    # The next step of the workflow first, a note last.
    order = [Action.ACKNOWLEDGE, Action.HANDLE, Action.CLOSE, Action.NOTE]
    if state == State.DITANGANI:
        order = [Action.CLOSE, Action.HANDLE, Action.NOTE]
    permitted = permitted_actions(user)
    return [(action, labels[action]) for action in order if action in permitted and possible[action]]


def assignable_officers(warning):
    """Officers of the warning's unit, who may be given it to handle."""
    officers = User.objects.filter(is_active=True, groups__name=Role.PETUGAS)
    if warning.unit_id is None:
        return officers.filter(unit__isnull=True)
    return officers.filter(unit_id=warning.unit_id)
