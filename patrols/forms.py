import re
from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from config.forms import (
    DATE_LIMITS,
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_ID,
    ModelMultipleChoiceField,
    QuickSelect,
    TextLimitsMixin,
    validate_no_control_characters,
)
from sectors.models import Sector
from sectors.selectors import sectors_for

from .models import Agency, Aspiration, ContactChannel, Patrol, Visit
from .photos import DecodeBudget, PhotoError, reencode
from .selectors import aspirations_for, assignees_for, categories, officers_for, topics
from .services import TaskAction

MAX_PHOTOS = 10
MAX_ASPIRATIONS = 20
# Phones and the server disagree by a few minutes at most.
CLOCK_TOLERANCE = timedelta(minutes=10)
TOO_MANY_PHOTOS = _("Paling banyak %(max)s foto per kunjungan.")

MAX_RANGE_DAYS = 366


class PatrolForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = Patrol
        fields = ["members", "notes"]
        field_classes = {"members": ModelMultipleChoiceField}
        widgets = {
            "members": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {"members": _("Anggota patroli"), "notes": _("Catatan (rute, kendaraan)")}

    def __init__(self, *args, leader, **kwargs):
        super().__init__(*args, **kwargs)
        members = self.fields["members"]
        # Officers of the leader's units only: a member from another Polsek is an invalid choice.
        members.queryset = officers_for(leader).exclude(pk=leader.pk)
        members.label_from_instance = lambda user: user.display_name


class EndPatrolForm(forms.Form):
    """When the patrol ended: now, or the time the phone recorded when the end was queued with no signal."""

    ended_at = forms.DateTimeField(
        required=False,
        error_messages={"invalid": _("Waktu selesai tidak dapat dibaca. Gunakan format TTTT-BB-HH JJ:MM.")},
    )

    def __init__(self, *args, patrol, **kwargs):
        super().__init__(*args, **kwargs)
        self.patrol = patrol

    def clean_ended_at(self):
        ended_at = self.cleaned_data["ended_at"]
        now = timezone.now()
        if ended_at is None:
            return now
        if ended_at > now + CLOCK_TOLERANCE:
            raise forms.ValidationError(_("Waktu selesai tidak boleh di masa depan."))
        last = self.patrol.visits.order_by("-visited_at").values_list("visited_at", flat=True).first()
        earliest = max(self.patrol.started_at, last or self.patrol.started_at).replace(second=0, microsecond=0)
        if ended_at < earliest:
            raise forms.ValidationError(
                _("Waktu selesai tidak boleh sebelum patroli dimulai atau kunjungan terakhirnya.")
            )
        # The phone gives minutes, the server keeps seconds: never before the start, never after the arrival.
        return min(max(ended_at, self.patrol.started_at), now)


class SectorChoiceField(forms.ModelChoiceField):
    """Sectors grouped by desa, from one query shared with the nearest-sector list."""

    widget = QuickSelect

    def __init__(self, sectors, **kwargs):
        super().__init__(queryset=Sector.objects.filter(pk__in=[s.pk for s in sectors]), **kwargs)
        self.by_pk = {sector.pk: sector for sector in sectors}
        groups = {}
        for sector in sectors:
            groups.setdefault(sector.village.name, []).append((sector.pk, sector.name))
        self.choices = [("", _("— pilih sektor —")), *groups.items()]

    def to_python(self, value):
        """The chosen sector from the list already loaded, not from a second query."""
        if value in self.empty_values:
            return None
        try:
            return self.by_pk[int(value)]
        except (KeyError, TypeError, ValueError):
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice") from None


class MultipleImageInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.Field):
    """Several photos, each re-encoded within one decoding budget; every bad file gets its own message."""

    widget = MultipleImageInput(attrs={"accept": "image/*"})

    def clean(self, uploads):
        uploads = uploads or []
        if len(uploads) > MAX_PHOTOS:
            raise forms.ValidationError(TOO_MANY_PHOTOS % {"max": MAX_PHOTOS})
        photos, errors = [], []
        budget = DecodeBudget()
        for upload in uploads:
            try:
                photos.append(reencode(upload, budget))
            except PhotoError as error:
                errors.append(str(error))
        if errors:
            raise forms.ValidationError(errors)
        return photos


class VisitForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = Visit
        fields = [
            "sector",
            "visited_at",
            "latitude",
            "longitude",
            "accuracy_m",
            "people_met",
            "situation",
            "summary",
            "appeals",
            "early_warning",
            "early_warning_note",
        ]
        field_classes = {"appeals": ModelMultipleChoiceField}
        widgets = {
            "visited_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "latitude": forms.HiddenInput,
            "longitude": forms.HiddenInput,
            "accuracy_m": forms.HiddenInput,
            "situation": forms.RadioSelect,
            "summary": forms.Textarea(attrs={"rows": 4}),
            "appeals": forms.CheckboxSelectMultiple,
            "early_warning_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "visited_at": _("Waktu kunjungan (WITA)"),
            "summary": _("Ringkasan hasil dialog"),
            "early_warning": _("Ada potensi konflik sosial (peringatan dini)"),
        }
        error_messages = {
            "visited_at": {"required": _("Isi waktu kunjungan.")},
            "summary": {"required": _("Tuliskan ringkasan hasil dialog.")},
        }

    # The database column is a small integer; a crowd at a market or a
    # mosque stays far below this.
    people_met = forms.IntegerField(
        label=_("Jumlah warga ditemui"),
        min_value=0,
        max_value=5000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"required": _("Isi jumlah warga yang ditemui (0 bila tidak ada).")},
    )
    photos = PhotosField(required=False, label=_("Foto kegiatan"))

    def __init__(self, *args, patrol, officer, **kwargs):
        super().__init__(*args, **kwargs)
        self.patrol = patrol
        self.sectors = list(
            # The officer's units only: another Polsek's sector is "not there".
            sectors_for(officer)
            .filter(Q(is_active=True) | Q(pk=self.instance.sector_id))
            # The kecamatan gives a saved visit its unit (Visit.save).
            .select_related("village__district")
            .order_by("village__name", "name")
        )
        self.fields["sector"] = SectorChoiceField(
            self.sectors,
            label=_("Sektor yang dikunjungi"),
            error_messages={
                "required": _("Pilih sektor yang dikunjungi."),
                "invalid_choice": _("Sektor ini tidak ada atau tidak aktif lagi. Pilih sektor lain."),
            },
        )
        appeals = topics().filter(is_active=True)
        if self.instance.pk:
            appeals = topics().filter(Q(is_active=True) | Q(visits=self.instance)).distinct()
        self.fields["appeals"].queryset = appeals

    def sector_points(self):
        """Active sectors with a position, for "Gunakan lokasi saya" to find the nearest ones."""
        return [
            {"id": s.pk, "name": s.name, "village": s.village.name, "lat": float(s.latitude), "lon": float(s.longitude)}
            for s in self.sectors
            if s.is_active and s.has_position
        ]

    def chosen_sector(self):
        """The sector as the form understood it, or None: the open aspirations answered are that sector's."""
        return None if self.has_error("sector") else self.cleaned_data.get("sector")

    def clean_visited_at(self):
        visited_at = self.cleaned_data["visited_at"]
        if visited_at > timezone.now() + CLOCK_TOLERANCE:
            raise forms.ValidationError(_("Waktu kunjungan tidak boleh di masa depan."))
        if visited_at < self.patrol.started_at.replace(second=0, microsecond=0):
            raise forms.ValidationError(_("Waktu kunjungan tidak boleh sebelum patroli dimulai."))
        if self.patrol.ended_at and visited_at > self.patrol.ended_at + CLOCK_TOLERANCE:
            raise forms.ValidationError(_("Waktu kunjungan tidak boleh sesudah patroli selesai."))
        return visited_at

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("early_warning"):
            cleaned["early_warning_note"] = ""
        return cleaned

    def photos_were_dropped(self):
        """A browser cannot keep chosen files across a failed submit: the officer must choose them again."""
        return self.is_bound and bool(self.errors) and bool(self.files.getlist(self.add_prefix("photos")))


class NewVisitForm(VisitForm):
    client_uuid = forms.UUIDField(
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Formulir ini tidak lengkap. Muat ulang halaman lalu isi lagi."),
            "invalid": _("Formulir ini tidak lengkap. Muat ulang halaman lalu isi lagi."),
        },
    )


class EditVisitForm(VisitForm):
    """The visit as filed; `version` turns away a replay, or a second tab, that would overwrite a newer edit."""

    version = forms.CharField(widget=forms.HiddenInput)
    remove_photos = ModelMultipleChoiceField(
        queryset=None, required=False, widget=forms.CheckboxSelectMultiple, label=_("Hapus foto")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.updated_at.isoformat()
        self.fields["remove_photos"].queryset = self.instance.photos.all()

    def clean(self):
        cleaned = super().clean()
        kept = len(self.instance.photos.all()) - len(cleaned.get("remove_photos") or [])
        if kept + len(cleaned.get("photos") or []) > MAX_PHOTOS:
            self.add_error("photos", TOO_MANY_PHOTOS % {"max": MAX_PHOTOS})
        return cleaned


class AspirationForm(TextLimitsMixin, forms.ModelForm):
    class Meta:
        model = Aspiration
        fields = [
            "kind",
            "category",
            "urgency",
            "description",
            "is_anonymous",
            "resident_name",
            "resident_phone",
            "contact_consent",
            "contact_channel",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "resident_name": forms.TextInput(attrs={"autocomplete": "off"}),
            "resident_phone": forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        }
        labels = {
            "description": _("Apa yang disampaikan warga"),
            "is_anonymous": _("Anonim (tanpa nama dan nomor HP)"),
            "resident_name": _("Nama warga"),
            "resident_phone": _("Nomor HP warga"),
            "contact_consent": _("Warga setuju dikabari perkembangannya"),
            "contact_channel": _("Dikabari lewat"),
        }
        help_texts = {
            "contact_consent": _("Tanyakan dulu kepada warga; persetujuannya dicatat dengan waktu dan nama Anda."),
        }
        error_messages = {
            "category": {
                "required": _("Pilih kategori aspirasi."),
                "invalid_choice": _("Kategori ini tidak aktif lagi. Pilih kategori lain."),
            },
            "description": {"required": _("Tuliskan apa yang disampaikan warga.")},
        }

    def __init__(self, *args, category_choices, **kwargs):
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        if self.instance.pk:
            category.queryset = categories().filter(Q(is_active=True) | Q(pk=self.instance.category_id))
        else:
            category.queryset = categories().filter(is_active=True)
        category.choices = category_choices
        self.fields["contact_channel"].choices = [("", _("— pilih —")), *ContactChannel.choices]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("is_anonymous"):
            cleaned["resident_name"] = cleaned["resident_phone"] = ""
        if not cleaned.get("contact_consent"):
            cleaned["contact_channel"] = ""
        return cleaned

    def _post_clean(self):
        # The consent rules are the model's (Aspiration.clean); the form only passes its cleaned channel on.
        if not self.cleaned_data.get("contact_consent"):
            self.instance.contact_channel = ""
        super()._post_clean()


class BaseAspirationFormSet(forms.BaseInlineFormSet):
    """Category choices are read once for all rows, not once per row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._category_choices = None

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "category_choices": self.category_choices()}

    def category_choices(self):
        if self._category_choices is None:
            existing = [aspiration.category_id for aspiration in self.get_queryset()]
            field = forms.ModelChoiceField(
                categories().filter(Q(is_active=True) | Q(pk__in=existing)),
                empty_label=_("— pilih kategori —"),
            )
            # A comprehension, not list(): list() asks the iterator for its length, one COUNT query more.
            self._category_choices = [choice for choice in field.choices]
        return self._category_choices


AspirationFormSet = forms.inlineformset_factory(
    Visit,
    Aspiration,
    form=AspirationForm,
    formset=BaseAspirationFormSet,
    extra=0,
    can_delete=True,
    max_num=MAX_ASPIRATIONS,
    validate_max=True,
    # Django would otherwise build and render up to a thousand more rows for
    # a hand-made aspirations-TOTAL_FORMS: half a minute of one worker.
    absolute_max=MAX_ASPIRATIONS,
)


def aspiration_formset(visit, data=None):
    """Rows for a new visit, or, when editing, the aspirations Humas has not picked up yet."""
    queryset = Aspiration.objects.filter(status=Aspiration.Status.BARU).order_by("pk")
    return AspirationFormSet(data, instance=visit, queryset=queryset, prefix="aspirations")


class OpenAspirationResponseForm(forms.Form):
    """"Tanggapan disampaikan": what the officer told residents about aspirations still open at the sector."""

    def __init__(self, *args, aspirations, **kwargs):
        super().__init__(*args, prefix="respond", **kwargs)
        self.aspirations = aspirations
        for aspiration in aspirations:
            self.fields[f"{aspiration.pk}-done"] = forms.BooleanField(
                required=False, label=_("Tanggapan disampaikan ke warga")
            )
            self.fields[f"{aspiration.pk}-note"] = forms.CharField(
                required=False,
                max_length=500,
                validators=[validate_no_control_characters],
                label=_("Isi tanggapan (opsional)"),
            )

    def rows(self):
        return [(a, self[f"{a.pk}-done"], self[f"{a.pk}-note"]) for a in self.aspirations]

    def responses(self):
        """(aspiration, note) for each one answered; a note alone counts as an answer."""
        answered = []
        for aspiration in self.aspirations:
            note = self.cleaned_data[f"{aspiration.pk}-note"].strip()
            if self.cleaned_data[f"{aspiration.pk}-done"] or note:
                answered.append((aspiration, note))
        return answered


class AspirationChangeForm(TextLimitsMixin, forms.Form):
    """One form for every step of the follow-up; the rules live in services.change_aspiration."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    # A plain field, not a ChoiceField: a transition the workflow refuses is
    # explained by the service instead of Django's generic "invalid choice".
    status = forms.CharField(label=_("Ubah status"), required=False, widget=forms.Select)
    agency = forms.ModelChoiceField(
        label=_("Diteruskan ke instansi"),
        queryset=Agency.objects.none(),
        required=False,
        empty_label=_("— pilih instansi —"),
        help_text=_("Wajib bila status diteruskan."),
    )
    forwarded_to = forms.CharField(
        label=_("Instansi lain"),
        max_length=150,
        required=False,
        help_text=_("Bila instansinya belum ada di daftar: tulis namanya, instansi itu ditambahkan ke daftar."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
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
    public_note = forms.CharField(
        label=_("Catatan publik"),
        required=False,
        max_length=500,
        help_text=_(
            "Tampil untuk warga yang membuka kode aspirasinya. Jangan tulis nama, nomor HP, atau alamat rinci."
        ),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, aspiration, viewer, **kwargs):
        kwargs.setdefault(
            "initial",
            {"version": aspiration.version, "assignee": aspiration.assignee_id, "public_note": aspiration.public_note},
        )
        super().__init__(*args, **kwargs)
        current = _("Tetap: %(status)s") % {"status": aspiration.get_status_display()}
        self.fields["status"].widget.choices = [("", current)] + [
            (status.value, status.label) for status in aspiration.allowed_next_statuses()
        ]
        self.fields["assignee"].queryset = assignees_for(viewer)
        self.fields["agency"].queryset = Agency.objects.for_unit(aspiration.unit_id)


class TaskForm(TextLimitsMixin, forms.Form):
    """What the officer an aspiration is assigned to reports on it (services.report_on_task)."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    action = forms.ChoiceField(
        label=_("Yang dilaporkan"),
        choices=TaskAction.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Pilih apa yang dilaporkan."), "invalid_choice": _("Pilih apa yang dilaporkan.")},
    )
    note = forms.CharField(
        label=_("Catatan"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Wajib untuk catatan dan laporan selesai: apa yang sudah dikerjakan atau disampaikan."),
    )
    channel = forms.ChoiceField(
        label=_("Disampaikan lewat"),
        choices=[("", _("— pilih —")), *ContactChannel.choices],
        required=False,
    )
    delivered_at = forms.DateTimeField(
        label=_("Waktu disampaikan (WITA)"),
        required=False,
        help_text=_("Kosongkan bila baru saja disampaikan."),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, aspiration, **kwargs):
        kwargs.setdefault("initial", {"version": aspiration.version})
        super().__init__(*args, **kwargs)
        self.aspiration = aspiration

    def clean_delivered_at(self):
        delivered_at = self.cleaned_data["delivered_at"]
        # Compared as dates first: an aware datetime of year 1 cannot even be compared with another.
        if delivered_at and not (EARLIEST_DATE <= delivered_at.date() <= LATEST_DATE):
            raise forms.ValidationError(_("Waktu disampaikan tidak dikenali."))
        if delivered_at and delivered_at < self.aspiration.created_at.replace(second=0, microsecond=0):
            raise forms.ValidationError(_("Waktu disampaikan tidak boleh sebelum aspirasi dicatat."))
        return delivered_at

    def clean(self):
        cleaned = super().clean()
        action = cleaned.get("action")
        if action in (TaskAction.NOTE, TaskAction.DONE) and not cleaned.get("note", "").strip():
            self.add_error("note", _("Tuliskan catatannya."))
        if action == TaskAction.FEEDBACK:
            if not cleaned.get("channel"):
                self.add_error("channel", _("Pilih lewat apa tanggapan disampaikan."))
            delivered_at = cleaned.get("delivered_at")
            if delivered_at and delivered_at > timezone.now() + CLOCK_TOLERANCE:
                self.add_error("delivered_at", _("Waktu disampaikan tidak boleh di masa depan."))
        return cleaned


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
            # Digits Python's int() reads and a database column holds: not "٣", not twenty 9s.
            match = re.fullmatch(r"([0-9]{1,19}):([0-9]{1,10})", token)
            if not match or int(match[1]) > MAX_ID:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            versions[int(match[1])] = int(match[2])
        return versions


def people_options(queryset):
    """(id, rank and name) of the accounts of `queryset`, read as columns rather than as a model instance each."""
    rows = queryset.values_list("pk", "rank", "first_name", "last_name", "username")
    return [(pk, User.name_of(*names)) for pk, *names in rows]


class BulkAssignForm(TextLimitsMixin, forms.Form):
    aspirations = VersionedSelectionField(label=_("Aspirasi"))
    assignee = forms.ModelChoiceField(
        label=_("Tugaskan kepada"),
        queryset=User.objects.none(),
        empty_label=_("— pilih penanggung jawab —"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        self.viewer = viewer
        field = self.fields["assignee"]
        field.queryset = assignees_for(viewer)
        # A Polres offers a couple of hundred people: their options are written from a few columns each.
        options = [("", field.empty_label), *people_options(field.queryset)]
        field.widget = QuickSelect(attrs=field.widget.attrs, choices=options)

    def clean_aspirations(self):
        """Every ticked aspiration must be one the viewer may read: an id from elsewhere is refused, not skipped."""
        versions = self.cleaned_data["aspirations"]
        found = set(aspirations_for(self.viewer).filter(pk__in=versions).values_list("pk", flat=True))
        if found != set(versions):
            raise forms.ValidationError(self.fields["aspirations"].error_messages["invalid"], code="invalid")
        return versions


def _date_input():
    return forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d")


class DateRangeForm(forms.Form):
    start = forms.DateField(label=_("Dari tanggal"), widget=_date_input(), validators=DATE_LIMITS)
    end = forms.DateField(label=_("Sampai tanggal"), widget=_date_input(), validators=DATE_LIMITS)

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
        match = re.fullmatch(r"([0-9]{4})-W([0-9]{1,2})", self.cleaned_data["week"].strip())
        if not match:
            raise error
        try:
            monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
        except ValueError:
            raise error from None
        if not EARLIEST_DATE <= monday <= LATEST_DATE:
            raise error
        return monday
