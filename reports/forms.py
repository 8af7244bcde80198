"""The query parameters of the map's GeoJSON layers, checked before any query runs."""

from datetime import timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.forms import DATE_LIMITS, MAX_ID
from patrols.models import Aspiration

ISO_DATE = ["%Y-%m-%d"]
# Visits are drawn one marker per sector per day: a month of them is already plenty of pins.
MAX_VISIT_DAYS = 31
DEFAULT_VISIT_DAYS = 7


class DateRangeForm(forms.Form):
    since = forms.DateField(required=False, input_formats=ISO_DATE, validators=DATE_LIMITS)
    until = forms.DateField(required=False, input_formats=ISO_DATE, validators=DATE_LIMITS)

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            raise forms.ValidationError(_("Tanggal awal tidak boleh sesudah tanggal akhir."))
        return data


class AspirationFilterForm(DateRangeForm):
    category = forms.IntegerField(required=False, min_value=1, max_value=MAX_ID)
    status = forms.ChoiceField(required=False, choices=Aspiration.Status.choices)


class VisitRangeForm(DateRangeForm):
    """The last week unless asked otherwise, and never more than a month."""

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        data["until"] = data.get("until") or timezone.localdate()
        data["since"] = data.get("since") or data["until"] - timedelta(days=DEFAULT_VISIT_DAYS - 1)
        if data["since"] > data["until"]:
            raise forms.ValidationError(_("Tanggal awal tidak boleh sesudah tanggal akhir."))
        if (data["until"] - data["since"]).days >= MAX_VISIT_DAYS:
            raise forms.ValidationError(
                _("Rentang tanggal kunjungan paling panjang %(days)s hari.") % {"days": MAX_VISIT_DAYS}
            )
        return data


def errors_as_json(form):
    """The form's errors for a JSON body: one line to show, and the messages per parameter."""
    fields = {name: [error["message"] for error in errors] for name, errors in form.errors.get_json_data().items()}
    lines = [
        message if name == NON_FIELD_ERRORS else f"{name}: {message}"
        for name, messages in fields.items()
        for message in messages
    ]
    return {"error": " ".join(lines), "fields": fields}
