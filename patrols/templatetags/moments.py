"""One way to write a moment on every page: "30/11/2026 14.05 WITA"."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as date_format

register = template.Library()

MOMENT_FORMAT = "d/m/Y H.i"


@register.filter
def moment(value):
    """A date and time in the project's time zone, named after it (WITA); empty for None."""
    if value is None or value == "":
        return ""
    local = timezone.localtime(value)
    return f"{date_format(local, MOMENT_FORMAT)} {local.tzname()}"
