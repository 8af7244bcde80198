"""Which units a viewer reaches: decided here, and read by every selector of the other apps.

A user reaches their unit and every unit below it (Unit.reach). A superuser without a unit
reaches everything; anyone else without a unit reaches nothing that belongs to a unit.
"""

from .models import Unit
from .rows import rows

EVERYTHING = None


def _load(user):
    """The units `user` reaches and their own among them with its parents, once per request (the user object of
    a request lives as long as the request).

    One query reads every unit and the tree is walked here: a Polres has a few dozen units, a Polda a few hundred.
    On every page this took 0.3 ms where the ORM's query of the reach with the unit's parents joined took 2.4 ms;
    written out (accounts.rows), it spares building the ORM's query too.
    """
    if hasattr(user, "_unit_ids"):
        return
    user._home_unit = None
    if user.unit_id is None:
        user._unit_ids = EVERYTHING if user.is_superuser else ()
        return
    units = {unit.pk: unit for unit in rows(Unit)}
    children = {}
    for unit in units.values():
        Unit.parent.field.set_cached_value(unit, units.get(unit.parent_id))
        children.setdefault(unit.parent_id, []).append(unit.pk)
    home = units.get(user.unit_id)
    user._unit_ids = tuple(sorted(set(_below(children, home.pk)))) if home else ()
    user._home_unit = home


def _below(children, top):
    """`top` and the units under it: the kinds fix the tree at three levels, so two steps down reach every one
    (Unit.reach takes the same steps in SQL)."""
    found, level = [top], [top]
    for _ in range(len(Unit.Kind) - 1):
        level = [child for parent in level for child in children.get(parent, ())]
        found += level
    return found


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
