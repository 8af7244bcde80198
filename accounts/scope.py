"""Which units a viewer reaches: decided here, and read by every selector of the other apps.

A user reaches their unit and every unit below it (Unit.reach). A superuser without a unit
reaches everything; anyone else without a unit reaches nothing that belongs to a unit.
"""

from .models import Unit

EVERYTHING = None


def _load(user):
    """The units `user` reaches and their own among them with its parents: one query, once per request
    (the user object of a request lives as long as the request)."""
    if hasattr(user, "_unit_ids"):
        return
    user._home_unit = None
    if user.unit_id is None:
        user._unit_ids = EVERYTHING if user.is_superuser else ()
        return
    units = list(Unit.objects.with_parents().filter(pk__in=Unit(pk=user.unit_id).reach()))
    user._unit_ids = tuple(sorted(unit.pk for unit in units))
    user._home_unit = next((unit for unit in units if unit.pk == user.unit_id), None)


def unit_ids_for(user):
    """The ids of the units `user` reaches, as a sorted tuple, or EVERYTHING (None)."""
    _load(user)
    return user._unit_ids


def units_for(user):
    """The units `user` reaches, as a queryset."""
    ids = unit_ids_for(user)
    return Unit.objects.all() if ids is EVERYTHING else Unit.objects.filter(pk__in=ids)


def within(queryset, user, field="unit"):
    """`queryset` narrowed to the rows whose `field` is a unit `user` reaches."""
    ids = unit_ids_for(user)
    if ids is EVERYTHING:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def scope_key(user):
    """What cached figures, pages and ETags are keyed by: the units the viewer reaches."""
    ids = unit_ids_for(user)
    return "all" if ids is EVERYTHING else "-".join(map(str, ids))


def home_unit(user):
    """The unit a page names as the viewer's: their own with its parents, or None."""
    _load(user)
    return user._home_unit
