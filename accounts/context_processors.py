from django.utils.functional import SimpleLazyObject

from .models import Unit
from .scope import home_unit


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_officer": False, "is_reviewer": False}
    return {"is_officer": user.is_officer, "is_reviewer": user.is_reviewer}


def unit(request):
    """The unit the title and the navbar name: the viewer's own (one query, on first use), or the default
    Polsek as the settings name it for a visitor or an account without one."""

    def find():
        user = getattr(request, "user", None)
        found = home_unit(user) if user is not None and user.is_authenticated else None
        return found or Unit.from_settings()

    return {"home_unit": SimpleLazyObject(find)}
