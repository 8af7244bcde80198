import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

# The largest id a table of ours holds (a BigAutoField).
MAX_ID = 2**63 - 1
# Dates asked for in a filter or a report: well around any record, well inside what date arithmetic
# reaches. A week before 1 January of year 1, the day after 31 December 9999, or year 1 at midnight
# WITA (the year before it in UTC) were 500s.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2100, 12, 31)
DATE_LIMITS = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]
# Free text: the longest report written on a phone fits many times over; a pasted megabyte does not.
TEXT_MAX_LENGTH = 5000
# C0 controls but tab and the line breaks, and DEL: never typed, and openpyxl refuses them in an export.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_no_control_characters(value):
    if CONTROL_CHARACTERS.search(value):
        raise ValidationError(
            _("Teks ini berisi karakter kontrol yang tidak dapat disimpan. Hapus lalu kirim lagi."),
            code="control_characters",
        )


class TextLimitsMixin:
    """Every plain text field of the form: a length limit where the model sets none, and no control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            # Exactly CharField: UUIDField and JSONField are CharFields whose values are not text.
            if type(field) is not forms.CharField:
                continue
            if field.max_length is None:
                field.max_length = TEXT_MAX_LENGTH
                field.validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
                field.widget.attrs.setdefault("maxlength", str(TEXT_MAX_LENGTH))
            field.validators.append(validate_no_control_characters)


def _beyond_any_id(value):
    try:
        return abs(int(value)) > MAX_ID
    except (TypeError, ValueError):
        return False


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, refusing an id beyond any table's range before it reaches a query.

    Django answers one such id with "does not exist" (ticket #27397), but a
    list of them went into an IN (…) query that SQLite's driver cannot bind:
    a 500.
    """

    def clean(self, value):
        for pk in value if isinstance(value, (list, tuple)) else ():
            if _beyond_any_id(pk):
                raise ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk}
                )
        return super().clean(value)


def html_attrs(attrs):
    """Attributes as Django's attrs.html writes them: in order, True as a bare name, False left out."""
    parts = []
    for name, value in attrs.items():
        if value is True:
            parts.append(format_html(" {}", name))
        elif value is not False:
            parts.append(format_html(' {}="{}"', name, value))
    return mark_safe("".join(parts))


class QuickSelect(forms.Select):
    """Django's Select, its options written in Python instead of through a template each.

    The markup is Django's own (select.html, select_option.html, attrs.html); the sector picker and
    the review filters hold hundreds of options, which cost 20–40 ms a page as templates.
    """

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], html_attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            # Escaped as format_html would, without its cost on each of hundreds of options.
            parts += [
                f'\n  <option value="{conditional_escape(option["value"])}"'
                f'{html_attrs(option["attrs"])}>{conditional_escape(option["label"])}</option>\n'
                for option in options
            ]
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
