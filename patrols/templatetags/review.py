from django import forms, template
from django.utils.html import format_html, format_html_join
from django.utils import timezone

register = template.Library()


@register.filter
def days_late(due_date):
    """Whole days since an open aspiration's due date."""
    return (timezone.localdate() - due_date).days


@register.simple_tag
def filter_field(field):
    """A review filter with its label and errors, in the Bootstrap markup crispy-forms writes, built in Python.

    The review list shows eight of them on every read; through crispy's templates they cost a fifth of the
    list's rendering for a Polres.
    """
    widget_class = "form-select" if isinstance(field.field.widget, forms.Select) else "form-control"
    attrs = {"class": f"{widget_class} is-invalid" if field.errors else widget_class}
    if field.errors:
        attrs.update({"aria-invalid": "true", "aria-describedby": f"{field.auto_id}_error"})
    errors = format_html_join(
        "", '<p id="error_{}_{}"><strong>{}</strong></p>',
        ((number, field.auto_id, error) for number, error in enumerate(field.errors, start=1)),
    )
    return format_html(
        '<div id="div_{}" class="mb-3"><label for="{}" class="form-label">{}</label>{}{}{}</div>',
        field.auto_id,
        field.id_for_label,
        field.label,
        field.as_widget(attrs=attrs),
        format_html('<div id="{}_error" class="invalid-feedback">{}</div>', field.auto_id, errors) if errors else "",
        format_html('<div id="{}_helptext" class="form-text">{}</div>', field.auto_id, field.help_text)
        if field.help_text else "",
    )
