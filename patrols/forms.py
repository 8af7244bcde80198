import re
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User

from .models import Aspiration

# Offered as suggestions when forwarding; any other agency may be typed.
AGENCY_SUGGESTIONS = [
    "Pemerintah Desa",
    "Camat Sekongkang",
    "Dinas PUPR",
    "Dinas Perhubungan",
    "Satpol PP",
    "Puskesmas",
    "PT AMNT",
    "Koramil Sekongkang",
    "Sat Reskrim Polres Sumbawa Barat",
    "Sat Resnarkoba Polres Sumbawa Barat",
    "Sat Lantas Polres Sumbawa Barat",
]

MAX_RANGE_DAYS = 366


def assignable_users():
    """Anyone with a role may follow an aspiration up: Bhabinkamtibmas, Kanit, Humas."""
    return User.objects.filter(is_active=True, groups__name__in=Role.values).distinct()


def agency_suggestions():
    used = Aspiration.objects.exclude(forwarded_to="").values_list("forwarded_to", flat=True).distinct()
    return sorted(set(AGENCY_SUGGESTIONS) | set(used), key=str.casefold)


class AspirationChangeForm(forms.Form):
    """One form for every step of the follow-up; the rules live in services.change_aspiration."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # A plain field, not a ChoiceField: a transition the workflow refuses is
    # explained by the service instead of Django's generic "invalid choice".
    status = forms.CharField(label=_("Ubah status"), required=False, widget=forms.Select)
    forwarded_to = forms.CharField(
        label=_("Diteruskan ke instansi"),
        max_length=150,
        required=False,
        help_text=_("Wajib bila status diteruskan."),
        widget=forms.TextInput(attrs={"list": "agency-suggestions", "autocomplete": "off"}),
    )
    refusal_reason = forms.CharField(
        label=_("Alasan tidak dapat ditindaklanjuti"),
        required=False,
        help_text=_("Wajib bila aspirasi tidak dapat ditindaklanjuti."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    assignee = forms.ModelChoiceField(
        label=_("Penanggung jawab"), queryset=User.objects.none(), required=False, empty_label=_("— belum ada —")
    )
    note = forms.CharField(
        label=_("Catatan tindak lanjut"),
        required=False,
        help_text=_("Apa yang sudah dilakukan; wajib bila aspirasi diselesaikan."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    feedback_delivered = forms.BooleanField(label=_("Tanggapan sudah disampaikan ke warga"), required=False)

    def __init__(self, *args, aspiration, **kwargs):
        kwargs.setdefault("initial", {"version": aspiration.version, "assignee": aspiration.assignee_id})
        super().__init__(*args, **kwargs)
        current = _("Tetap: %(status)s") % {"status": aspiration.get_status_display()}
        self.fields["status"].widget.choices = [("", current)] + [
            (status.value, status.label) for status in aspiration.allowed_next_statuses()
        ]
        self.fields["assignee"].queryset = assignable_users()


class VersionedSelectionField(forms.Field):
    """Ticked rows as {pk: version}: each checkbox sends "pk:version", so rows
    changed since the list was loaded can be left alone."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "required": _("Centang dulu aspirasi yang akan ditugaskan."),
        "invalid": _("Pilihan aspirasi tidak dikenali."),
    }

    def to_python(self, value):
        versions = {}
        for token in value or []:
            match = re.fullmatch(r"(\d+):(\d+)", token)
            if not match:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            versions[int(match[1])] = int(match[2])
        return versions


class BulkAssignForm(forms.Form):
    aspirations = VersionedSelectionField(label=_("Aspirasi"))
    assignee = forms.ModelChoiceField(
        label=_("Tugaskan kepada"),
        queryset=User.objects.none(),
        empty_label=_("— pilih penanggung jawab —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = assignable_users()


def _date_input():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=_date_input())
    end = forms.DateField(label=_("Sampai tanggal"), widget=_date_input())

    @staticmethod
    def this_week():
        today = timezone.localdate()
        return {"start": today - timedelta(days=today.weekday()), "end": today}

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("Tanggal akhir tidak boleh sebelum tanggal awal."))
            if (end - start).days >= MAX_RANGE_DAYS:
                raise forms.ValidationError(_("Rentang paling lama satu tahun."))
        return cleaned


class WeekForm(forms.Form):
    week = forms.CharField(
        label=_("Pekan"),
        widget=forms.TextInput(attrs={"type": "week", "class": "form-control"}),
        help_text=_("Format: 2025-W43 (tahun dan nomor pekan ISO)."),
    )

    def clean_week(self):
        """The Monday of the ISO week."""
        error = forms.ValidationError(_("Pekan tidak dikenali. Contoh: 2025-W43."))
        match = re.fullmatch(r"(\d{4})-W(\d{1,2})", self.cleaned_data["week"].strip())
        if not match:
            raise error
        try:
            return date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise error from None
