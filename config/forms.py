from django import forms
from django.core.exceptions import ValidationError

# The largest id a table of ours holds (a BigAutoField).
MAX_ID = 2**63 - 1


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
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": pk})
        return super().clean(value)
