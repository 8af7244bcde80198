"""The Polda, Polres and Polsek an installation starts with, named by the DEFAULT_POL* settings."""

from django.conf import settings


def ensure_default_units(Unit):
    """The default Polsek, created with its Polres and Polda where missing; existing units are left as they are.

    Takes the model class so that migrations can pass their historical one.
    """
    parent = None
    for kind in ("polda", "polres", "polsek"):
        prefix = f"DEFAULT_{kind.upper()}"
        parent, _ = Unit.objects.get_or_create(
            code=getattr(settings, f"{prefix}_CODE"),
            defaults={
                "kind": kind,
                "parent": parent,
                "name": getattr(settings, f"{prefix}_NAME"),
                "area": getattr(settings, f"{prefix}_AREA"),
            },
        )
    return parent
