from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def days_late(due_date):
    """Whole days since an open aspiration's due date."""
    return (timezone.localdate() - due_date).days
