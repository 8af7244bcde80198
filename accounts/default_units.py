"""The Polda, Polres and Polsek an installation starts with, named by the DEFAULT_POL* settings."""

from django.conf import settings

KINDS = ("polda", "polres", "polsek")


def default_unit_fields():
    """The fields of the default Polda, Polres and Polsek, top down, as the settings give them."""
    return [
        {
            "kind": kind,
            "code": getattr(settings, f"DEFAULT_{kind.upper()}_CODE"),
            "name": getattr(settings, f"DEFAULT_{kind.upper()}_NAME"),
            "area": getattr(settings, f"DEFAULT_{kind.upper()}_AREA"),
        }
        for kind in KINDS
    ]


def ensure_default_units(Unit):
    """The default Polsek, created with its Polres and Polda where missing; existing units are left as they are.

    Takes the model class so that migrations can pass their historical one.
    """
    parent = None
    for fields in default_unit_fields():
        code = fields.pop("code")
        parent, _ = Unit.objects.get_or_create(code=code, defaults={**fields, "parent": parent})
    return parent
