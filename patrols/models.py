import re
import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from sectors.geo import distance_m
from sectors.models import coordinate_constraints, coordinate_field, validate_coordinates

# A GPS fix this far from the chosen sector is kept but flagged for review.
FAR_FROM_SECTOR_M = 1000
# How long after filing a visit its officer may still correct it.
EDIT_WINDOW = timedelta(hours=24)


class ChecksInClean:
    """For a model whose clean() and field choices check the rules of its CheckConstraints, in the words
    an officer or a reviewer reads: full_clean() validates its unique constraints only.

    Django would ask the database once per CheckConstraint (`SELECT 1 WHERE …`): five queries for
    every visit filed and seven for each aspiration with it. The database still refuses a row that
    breaks one.
    """

    def get_constraints(self):
        return [
            (model, [constraint for constraint in constraints if not isinstance(constraint, models.CheckConstraint)])
            for model, constraints in super().get_constraints()
        ]


def copied_unit_field(related_name):
    """A row's unit, copied on save from where it belongs so that a unit's pages filter one column.

    Indexed by the model's composite indexes, which lead with it.
    """
    return models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        related_name=related_name,
        verbose_name=_("kesatuan"),
        db_index=False,
        editable=False,
    )


class AppealTopic(models.Model):
    """An imbauan kamtibmas officers deliver: narkoba, curanmor, judi online …"""

    name = models.CharField(_("nama"), max_length=100, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("topik imbauan")
        verbose_name_plural = _("topik imbauan")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class AspirationCategory(models.Model):
    name = models.CharField(_("nama"), max_length=100, unique=True)
    description = models.TextField(_("keterangan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    order = models.PositiveSmallIntegerField(_("urutan"), default=0)

    class Meta:
        verbose_name = _("kategori aspirasi")
        verbose_name_plural = _("kategori aspirasi")
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class Patrol(models.Model):
    """One patrol outing: who went, when it started and ended."""

    started_at = models.DateTimeField(_("mulai"), default=timezone.now)
    ended_at = models.DateTimeField(_("selesai"), null=True, blank=True)
    # Indexed by patrol_leader_started_idx, which leads with it.
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="led_patrols",
        verbose_name=_("pemimpin"),
        db_index=False,
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="patrols", verbose_name=_("anggota")
    )
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)

    class Meta:
        verbose_name = _("patroli")
        verbose_name_plural = _("patroli")
        ordering = ["-started_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="patrol_ends_after_start",
            ),
        ]
        indexes = [
            # "Patroli saya": an officer's patrols, newest first.
            models.Index(fields=["leader", "-started_at"], name="patrol_leader_started_idx"),
        ]

    def __str__(self):
        local = timezone.localtime(self.started_at)
        return _("Patroli %(date)s — %(leader)s") % {"date": local.strftime("%d/%m/%Y %H.%M"), "leader": self.leader}

    def get_absolute_url(self):
        return reverse("patrol_detail", args=[self.pk])

    @property
    def is_under_way(self):
        return self.ended_at is None

    def includes(self, user):
        """Whether `user` leads or walks this patrol (uses prefetched members when there are any)."""
        return self.leader_id == user.pk or any(member.pk == user.pk for member in self.members.all())

    def clean(self):
        if self.ended_at and self.started_at and self.ended_at < self.started_at:
            raise ValidationError({"ended_at": _("Waktu selesai tidak boleh sebelum waktu mulai.")})


class Visit(ChecksInClean, models.Model):
    """One stop of a patrol at a sector, as the officer reported it."""

    class Situation(models.TextChoices):
        AMAN = "aman", _("Aman")
        WASPADA = "waspada", _("Waspada")
        RAWAN = "rawan", _("Rawan")

    patrol = models.ForeignKey(Patrol, on_delete=models.PROTECT, related_name="visits", verbose_name=_("patroli"))
    # Both indexed by the composite indexes below, which lead with them.
    sector = models.ForeignKey(
        "sectors.Sector", on_delete=models.PROTECT, related_name="visits", verbose_name=_("sektor"), db_index=False
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits",
        verbose_name=_("petugas"),
        db_index=False,
    )
    visited_at = models.DateTimeField(_("waktu kunjungan"), default=timezone.now)
    latitude = coordinate_field(_("lintang GPS"))
    longitude = coordinate_field(_("bujur GPS"))
    accuracy_m = models.PositiveIntegerField(_("akurasi GPS (m)"), null=True, blank=True)
    distance_from_sector_m = models.PositiveIntegerField(
        _("jarak dari sektor (m)"), null=True, blank=True, editable=False
    )
    people_met = models.PositiveSmallIntegerField(_("jumlah warga ditemui"), default=0)
    situation = models.CharField(_("situasi"), max_length=10, choices=Situation.choices, default=Situation.AMAN)
    summary = models.TextField(_("ringkasan"))
    appeals = models.ManyToManyField(
        AppealTopic, blank=True, related_name="visits", verbose_name=_("imbauan yang disampaikan")
    )
    early_warning = models.BooleanField(_("peringatan dini"), default=False)
    early_warning_note = models.TextField(_("catatan peringatan dini"), blank=True)
    client_uuid = models.UUIDField(_("kode kiriman"), default=uuid.uuid4, editable=False)
    # The Polsek of the sector's kecamatan (empty while no Polsek covers it).
    unit = copied_unit_field("visits")
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kunjungan")
        verbose_name_plural = _("kunjungan")
        ordering = ["-visited_at"]
        # What a role may do is the permissions its group holds (accounts.decorators.permission_required).
        permissions = [
            ("file_visit", _("Dapat mencatat kunjungan patroli")),
            ("view_map", _("Dapat melihat peta")),
        ]
        constraints = [
            *coordinate_constraints("visit"),
            # A resubmitted form carries the same UUID: it finds this visit
            # instead of creating a second one.
            models.UniqueConstraint(fields=["officer", "client_uuid"], name="visit_unique_client_uuid"),
            models.CheckConstraint(
                condition=Q(early_warning=False) | ~Q(early_warning_note=""),
                name="visit_early_warning_has_note",
            ),
            models.CheckConstraint(
                condition=Q(situation__in=["aman", "waspada", "rawan"]), name="visit_situation_valid"
            ),
        ]
        indexes = [
            # Coverage: the last visit of each sector.
            models.Index(fields=["sector", "-visited_at"], name="visit_sector_time_idx"),
            models.Index(fields=["officer", "-visited_at"], name="visit_officer_time_idx"),
            models.Index(fields=["-visited_at"], name="visit_time_idx"),
            # Early warnings waiting on the dashboard.
            models.Index(
                fields=["-visited_at"],
                name="visit_warning_idx",
                condition=Q(early_warning=True) | Q(situation="rawan"),
            ),
            # A unit's visits newest first: its patrol pages, coverage, the weekly report and the map's visits layer.
            models.Index(fields=["unit", "-visited_at"], name="visit_unit_time_idx"),
            # A unit's early warnings on its dashboard.
            models.Index(
                fields=["unit", "-visited_at"],
                name="visit_unit_warning_idx",
                condition=Q(early_warning=True) | Q(situation="rawan"),
            ),
        ]

    def __str__(self):
        local = timezone.localtime(self.visited_at)
        return _("%(sector)s, %(date)s") % {"sector": self.sector, "date": local.strftime("%d/%m/%Y %H.%M")}

    def get_absolute_url(self):
        return reverse("visit_detail", args=[self.pk])

    def clean(self):
        validate_coordinates(self.latitude, self.longitude)
        if self.early_warning and not self.early_warning_note.strip():
            raise ValidationError(
                {"early_warning_note": _("Tuliskan catatan peringatan dini: potensi konflik apa yang terlihat.")}
            )

    def save(self, *args, **kwargs):
        self.distance_from_sector_m = self.compute_distance_from_sector()
        # A sector chosen from VisitForm's list comes with its desa and kecamatan: no query here.
        self.unit_id = self.sector.village.district.unit_id
        super().save(*args, **kwargs)

    def compute_distance_from_sector(self):
        sector = self.sector
        if self.latitude is None or self.longitude is None or not sector.has_position:
            return None
        return round(distance_m(self.latitude, self.longitude, sector.latitude, sector.longitude))

    @property
    def is_far_from_sector(self):
        return self.distance_from_sector_m is not None and self.distance_from_sector_m > FAR_FROM_SECTOR_M

    @property
    def editable_until(self):
        return self.created_at + EDIT_WINDOW


def visit_photo_path(instance, filename):
    # Random names: an upload's own name is never trusted or shown in a URL.
    return f"visits/{timezone.now():%Y/%m}/{uuid.uuid4().hex}.jpg"


class VisitPhoto(models.Model):
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="photos", verbose_name=_("kunjungan"))
    image = models.ImageField(_("foto"), upload_to=visit_photo_path, width_field="width", height_field="height")
    width = models.PositiveIntegerField(_("lebar"), null=True, editable=False)
    height = models.PositiveIntegerField(_("tinggi"), null=True, editable=False)
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("diunggah"), auto_now_add=True)

    class Meta:
        verbose_name = _("foto kunjungan")
        verbose_name_plural = _("foto kunjungan")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.caption or _("Foto %(n)s") % {"n": self.pk}


PHONE_RE = re.compile(r"^(?:\+62|62|0)8\d{7,11}$")


def normalize_phone(value):
    """Spaces, dots and dashes dropped; +62/62 written as 0."""
    digits = re.sub(r"[\s.\-()]", "", value or "")
    if digits.startswith("+62"):
        digits = "0" + digits[3:]
    elif digits.startswith("62"):
        digits = "0" + digits[2:]
    return digits


def mask_name(value):
    """Initials only: "Siti Aminah" becomes "S. A."."""
    return " ".join(f"{part[0]}." for part in value.split() if part)


# No 0/O, 1/I/L: a code read out at a doorstep or copied from a card comes back as it was written.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8
# A second collision in a row would take a billion codes in use; the third try is for a broken generator.
CODE_ATTEMPTS = 3


def new_code():
    """A resident's code: 31^8 (about 850 billion) possibilities, drawn by `secrets` so that none can be guessed."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(value):
    """A code as typed, in any case, with spaces or a dash between its groups: its letters and digits, upper case."""
    return re.sub(r"[^0-9A-Za-z]", "", value or "")[:32].upper()


class ContactChannel(models.TextChoices):
    """How a resident agreed to hear back, and how an answer reached them."""

    WHATSAPP = "whatsapp", _("WhatsApp")
    TELEPON = "telepon", _("Telepon/SMS")
    LANGSUNG = "langsung", _("Datang langsung")


def _agency_key(name):
    return " ".join((name or "").split()).casefold()


class AgencyQuerySet(models.QuerySet):
    def for_unit(self, unit_id):
        """The agencies a unit forwards to: its own, its Polres's and Polda's, and those of no unit."""
        if unit_id is None:
            return self.filter(unit__isnull=True)
        return self.filter(
            Q(unit__isnull=True) | Q(unit=unit_id) | Q(unit__children=unit_id) | Q(unit__children__children=unit_id)
        ).distinct()

    def find(self, name):
        """The agency `name` means, by its name, short name or one of its aliases, whatever the case and spacing."""
        key = _agency_key(name)
        if not key:
            return None
        for agency in self:
            if key in agency.keys():
                return agency
        return None


class Agency(models.Model):
    """An agency aspirations are forwarded to: Dinas PUPR, Satpol PP, the Pemdes …"""

    name = models.CharField(_("nama"), max_length=150)
    short_name = models.CharField(_("singkatan"), max_length=50, blank=True)
    aliases = models.TextField(
        _("nama lain"), blank=True, help_text=_("Satu nama per baris, misalnya \"Dinas PUPR KSB\".")
    )
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    # Empty for an agency every unit forwards to.
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agencies",
        verbose_name=_("kesatuan"),
    )

    objects = AgencyQuerySet.as_manager()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="agency_unique_name_per_unit"),
        ]

    def __str__(self):
        return self.name

    def keys(self):
        names = [self.name, self.short_name, *self.aliases.splitlines()]
        return {_agency_key(name) for name in names if name.strip()}


class AspirationQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Aspiration.OPEN_STATUSES)

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(due_date__lt=today)

    def tasks_of(self, user):
        """What `user` was given to follow up and is still open, overdue first, then by due date."""
        return (
            self.open()
            .filter(assignee=user)
            .order_by(models.F("due_date").asc(nulls_last=True), "created_at", "pk")
        )


class Aspiration(ChecksInClean, models.Model):
    """What a resident raised at a visit, followed up until it is closed."""

    class Kind(models.TextChoices):
        ASPIRASI = "aspirasi", _("Aspirasi")
        KELUHAN = "keluhan", _("Keluhan")
        MASUKAN = "masukan", _("Masukan")
        INFORMASI = "informasi", _("Informasi")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("Normal")
        TINGGI = "tinggi", _("Tinggi")
        MENDESAK = "mendesak", _("Mendesak")

    class Status(models.TextChoices):
        BARU = "baru", _("Baru")
        DIVERIFIKASI = "diverifikasi", _("Diverifikasi")
        DITINDAKLANJUTI = "ditindaklanjuti", _("Ditindaklanjuti")
        DITERUSKAN = "diteruskan", _("Diteruskan")
        SELESAI = "selesai", _("Selesai")
        TIDAK_DAPAT = "tidak_dapat", _("Tidak dapat ditindaklanjuti")

    OPEN_STATUSES = (Status.BARU, Status.DIVERIFIKASI, Status.DITINDAKLANJUTI, Status.DITERUSKAN)
    CLOSED_STATUSES = (Status.SELESAI, Status.TIDAK_DAPAT)
    # The workflow of DESIGN.md: which status may follow which.
    TRANSITIONS = {
        Status.BARU: (Status.DIVERIFIKASI, Status.TIDAK_DAPAT),
        Status.DIVERIFIKASI: (Status.DITINDAKLANJUTI, Status.DITERUSKAN, Status.TIDAK_DAPAT),
        Status.DITINDAKLANJUTI: (Status.DITERUSKAN, Status.SELESAI, Status.TIDAK_DAPAT),
        Status.DITERUSKAN: (Status.DITINDAKLANJUTI, Status.SELESAI, Status.TIDAK_DAPAT),
        Status.SELESAI: (),
        Status.TIDAK_DAPAT: (),
    }

    visit = models.ForeignKey(Visit, on_delete=models.PROTECT, related_name="aspirations", verbose_name=_("kunjungan"))
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices, default=Kind.ASPIRASI)
    category = models.ForeignKey(
        AspirationCategory, on_delete=models.PROTECT, related_name="aspirations", verbose_name=_("kategori")
    )
    description = models.TextField(_("uraian"))
    urgency = models.CharField(_("urgensi"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    is_anonymous = models.BooleanField(_("anonim"), default=False)
    resident_name = models.CharField(_("nama warga"), max_length=100, blank=True)
    resident_phone = models.CharField(_("telepon warga"), max_length=16, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.BARU)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_aspirations",
        verbose_name=_("penanggung jawab"),
    )
    due_date = models.DateField(_("tenggat"), null=True, blank=True)
    # The agency's name as it was when forwarded: old rows and exports read it; grouping goes by `agency`.
    forwarded_to = models.CharField(_("diteruskan ke"), max_length=150, blank=True)
    agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="aspirations",
        verbose_name=_("instansi tujuan"),
    )
    # What the resident is given to look the aspiration up at /cek/<code>/.
    code = models.CharField(_("kode warga"), max_length=CODE_LENGTH, unique=True, default=new_code, editable=False)
    # UU 27/2022: consent to be contacted, with when and by whom it was recorded.
    contact_consent = models.BooleanField(_("warga setuju dihubungi"), default=False)
    contact_channel = models.CharField(
        _("dihubungi lewat"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    consent_recorded_at = models.DateTimeField(_("persetujuan dicatat"), null=True, blank=True, editable=False)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("persetujuan dicatat oleh"),
        editable=False,
    )
    public_note = models.TextField(
        _("catatan publik"), blank=True, help_text=_("Tampil untuk warga di halaman cek status.")
    )
    # Set when the assignee reports it done in the field; Humas confirms by closing it.
    reported_done_at = models.DateTimeField(_("dilaporkan selesai"), null=True, blank=True, editable=False)
    refusal_reason = models.TextField(_("alasan tidak dapat ditindaklanjuti"), blank=True)
    # Bumped by every change patrols/services.py makes: a reviewer acting on a stale page is told.
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    # The visit's unit (patrols/services.py copies it again when a visit moves).
    unit = copied_unit_field("aspirations")
    created_at = models.DateTimeField(_("dicatat"), default=timezone.now)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)
    closed_at = models.DateTimeField(_("ditutup"), null=True, blank=True)

    objects = AspirationQuerySet.as_manager()
    # Holds residents' names and phones too: erasing them scrubs the history (patrols/privacy.py).
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("aspirasi")
        verbose_name_plural = _("aspirasi")
        ordering = ["-created_at"]
        permissions = [
            ("review_aspiration", _("Dapat menelaah dan menindaklanjuti aspirasi")),
            ("export_aspirations", _("Dapat mengekspor daftar aspirasi")),
            ("view_dashboard", _("Dapat melihat dasbor")),
            ("view_reports", _("Dapat membuat laporan mingguan dan draf siaran pers")),
            ("contact_resident", _("Dapat menghubungi warga tentang aspirasinya")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="tidak_dapat") | ~Q(refusal_reason=""), name="aspiration_refusal_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status="diteruskan") | ~Q(forwarded_to=""), name="aspiration_forward_names_agency"
            ),
            models.CheckConstraint(
                condition=Q(is_anonymous=False) | Q(resident_name="", resident_phone=""),
                name="aspiration_anonymous_has_no_identity",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["baru", "diverifikasi", "ditindaklanjuti", "diteruskan", "selesai", "tidak_dapat"]
                ), name="aspiration_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["aspirasi", "keluhan", "masukan", "informasi"]), name="aspiration_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=["normal", "tinggi", "mendesak"]), name="aspiration_urgency_valid"
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | Q(status__in=["selesai", "tidak_dapat"]),
                name="aspiration_closed_at_only_when_closed",
            ),
            models.CheckConstraint(
                condition=Q(contact_consent=False)
                | (Q(is_anonymous=False) & ~Q(resident_phone="") & ~Q(contact_channel="")),
                name="aspiration_consent_needs_phone_and_channel",
            ),
        ]
        indexes = [
            # The review list: tabs by status, newest first.
            models.Index(fields=["status", "-created_at"], name="aspiration_status_created_idx"),
            models.Index(fields=["-created_at"], name="aspiration_created_idx"),
            # Overdue counts and lists only ever look at open aspirations.
            models.Index(
                fields=["due_date"],
                name="aspiration_open_due_idx",
                condition=Q(status__in=["baru", "diverifikasi", "ditindaklanjuti", "diteruskan"]),
            ),
            # Open aspirations newest first, at any page: without it a deep page sorts every open
            # aspiration (see docs/PERFORMANCE.md).
            models.Index(
                fields=["-created_at"],
                name="aspiration_open_created_idx",
                condition=Q(status__in=["baru", "diverifikasi", "ditindaklanjuti", "diteruskan"]),
            ),
            # A unit's review list: its tabs by status and the whole list, newest first.
            models.Index(fields=["unit", "status", "-created_at"], name="aspiration_unit_status_idx"),
            models.Index(fields=["unit", "-created_at"], name="aspiration_unit_created_idx"),
            # What a unit closed in a week (the weekly report's outcomes).
            models.Index(
                fields=["unit", "closed_at"], name="aspiration_unit_closed_idx", condition=Q(closed_at__isnull=False)
            ),
            # A unit's overdue counts and lists (dashboard, weekly report, the "lewat tenggat" filter).
            models.Index(
                fields=["unit", "due_date"],
                name="aspiration_unit_open_due_idx",
                condition=Q(status__in=["baru", "diverifikasi", "ditindaklanjuti", "diteruskan"]),
            ),
        ]

    def __str__(self):
        return _("%(kind)s #%(pk)s: %(text)s") % {
            "kind": self.get_kind_display(),
            "pk": self.pk,
            "text": self.description[:60],
        }

    def get_absolute_url(self):
        return reverse("aspiration_detail", args=[self.pk])

    @staticmethod
    def due_date_for(urgency, start=None):
        start = timezone.localdate(start) if start else timezone.localdate()
        return start + timedelta(days=settings.ASPIRATION_DUE_DAYS[urgency])

    def clean(self):
        errors = {}
        if self.is_anonymous and (self.resident_name or self.resident_phone):
            errors["is_anonymous"] = _("Aspirasi anonim tidak boleh berisi nama atau telepon warga.")
        if self.resident_phone and not PHONE_RE.match(normalize_phone(self.resident_phone)):
            errors["resident_phone"] = _("Nomor HP tidak valid. Contoh: 0812 3456 7890.")
        if self.status == self.Status.TIDAK_DAPAT and not self.refusal_reason.strip():
            errors["refusal_reason"] = _("Tuliskan alasan mengapa aspirasi tidak dapat ditindaklanjuti.")
        if self.status == self.Status.DITERUSKAN and not self.forwarded_to.strip():
            errors["forwarded_to"] = _("Sebutkan instansi tujuan penerusan.")
        if self.contact_consent and "resident_phone" not in errors:
            if self.is_anonymous or not self.resident_phone:
                errors["contact_consent"] = _(
                    "Warga hanya dapat dikabari bila nomor HP-nya dicatat: aspirasi anonim atau tanpa nomor HP "
                    "tidak dapat diberi persetujuan dihubungi."
                )
            elif not self.contact_channel:
                errors["contact_channel"] = _("Pilih cara warga ingin dikabari.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        # A partial save (a status change) leaves the unit as it is, without loading the visit.
        if kwargs.get("update_fields") is None:
            self.unit_id = self.visit.unit_id
        self.resident_phone = normalize_phone(self.resident_phone)
        # An unknown urgency gets no due date here; the database refuses it.
        if self.due_date is None and self.urgency in settings.ASPIRATION_DUE_DAYS:
            self.due_date = self.due_date_for(self.urgency, self.created_at)
        if not self._state.adding:
            super().save(*args, **kwargs)
            return
        # The database decides whether a code is free: asking first would race another filing.
        for attempt in range(1, CODE_ATTEMPTS + 1):
            try:
                with transaction.atomic():
                    super().save(*args, **kwargs)
                return
            except IntegrityError:
                if attempt == CODE_ATTEMPTS or not Aspiration.objects.filter(code=self.code).exists():
                    raise
                self.code = new_code()

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @property
    def is_overdue(self):
        return self.is_open and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def display_code(self):
        """The code in two groups of four, easier to read out: "K7QF-M2XP"."""
        return f"{self.code[:4]}-{self.code[4:]}"

    @property
    def awaits_confirmation(self):
        """Reported done in the field, not yet closed by Humas."""
        return self.is_open and self.reported_done_at is not None

    @property
    def masked_name(self):
        return mask_name(self.resident_name)

    def allowed_next_statuses(self):
        return self.TRANSITIONS[self.Status(self.status)]

    def can_move_to(self, status):
        return status in self.allowed_next_statuses()


class AspirationUpdate(models.Model):
    """One step of an aspiration's follow-up: a status change, a note, feedback to the resident."""

    # Indexed by aspupdate_timeline_idx, which leads with it.
    aspiration = models.ForeignKey(
        Aspiration, on_delete=models.CASCADE, related_name="updates", verbose_name=_("aspirasi"), db_index=False
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="aspiration_updates", verbose_name=_("oleh")
    )
    created_at = models.DateTimeField(_("waktu"), default=timezone.now)
    # Set when an officer told the resident at a later visit ("Tanggapan disampaikan" on the visit form).
    visit = models.ForeignKey(
        "Visit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("pada kunjungan"),
        db_index=False,
    )
    status_from = models.CharField(_("status sebelumnya"), max_length=16, choices=Aspiration.Status.choices, blank=True)
    status_to = models.CharField(_("status baru"), max_length=16, choices=Aspiration.Status.choices, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    feedback_delivered = models.BooleanField(_("tanggapan disampaikan ke warga"), default=False)
    feedback_channel = models.CharField(
        _("disampaikan lewat"), max_length=10, choices=ContactChannel.choices, blank=True
    )
    feedback_at = models.DateTimeField(_("disampaikan pada"), null=True, blank=True)
    reported_done = models.BooleanField(_("dilaporkan selesai di lapangan"), default=False)

    class Meta:
        verbose_name = _("tindak lanjut aspirasi")
        verbose_name_plural = _("tindak lanjut aspirasi")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status_to="") | ~Q(note="") | Q(feedback_delivered=True),
                name="aspiration_update_not_empty",
            ),
        ]
        indexes = [
            models.Index(fields=["aspiration", "created_at"], name="aspupdate_timeline_idx"),
            # The dashboard's latest follow-ups.
            models.Index(fields=["-created_at", "-id"], name="aspupdate_recent_idx"),
            # The responses a visit's page lists; most updates are a reviewer's and have no visit.
            models.Index(fields=["visit"], name="aspupdate_visit_idx", condition=Q(visit__isnull=False)),
        ]

    def __str__(self):
        return _("%(aspiration)s: %(from)s → %(to)s") % {
            "aspiration": self.aspiration_id,
            "from": self.get_status_from_display() or "-",
            "to": self.get_status_to_display() or "-",
        }

    @property
    def is_status_change(self):
        return bool(self.status_to) and self.status_to != self.status_from
