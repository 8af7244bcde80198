from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Indonesia's extent with a margin: a coordinate outside it is a typo
# (swapped latitude and longitude, a missing minus sign).
LATITUDE_RANGE = (Decimal("-11.5"), Decimal("6.5"))
LONGITUDE_RANGE = (Decimal("94.5"), Decimal("141.5"))


def coordinate_field(verbose_name):
    return models.DecimalField(verbose_name, max_digits=9, decimal_places=6, null=True, blank=True)


def coordinate_constraints(prefix, lat="latitude", lon="longitude"):
    """Both-or-neither and within Indonesia, for a pair of coordinate fields."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{lat}__isnull": True, f"{lon}__isnull": True})
            | Q(**{f"{lat}__isnull": False, f"{lon}__isnull": False}),
            name=f"{prefix}_coordinates_both_or_neither",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{lat}__isnull": True})
            | Q(**{f"{lat}__gte": LATITUDE_RANGE[0], f"{lat}__lte": LATITUDE_RANGE[1]}),
            name=f"{prefix}_latitude_in_indonesia",
        ),
        models.CheckConstraint(
            condition=Q(**{f"{lon}__isnull": True})
            | Q(**{f"{lon}__gte": LONGITUDE_RANGE[0], f"{lon}__lte": LONGITUDE_RANGE[1]}),
            name=f"{prefix}_longitude_in_indonesia",
        ),
    ]


def validate_coordinates(latitude, longitude, lat_field="latitude", lon_field="longitude"):
    """The same rules as coordinate_constraints, as form errors in Indonesian."""
    errors = {}
    if (latitude is None) != (longitude is None):
        missing = lat_field if latitude is None else lon_field
        errors[missing] = _("Isi lintang dan bujur sekaligus, atau kosongkan keduanya.")
    if latitude is not None and not LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]:
        errors[lat_field] = _("Lintang harus di antara -11,5 dan 6,5 (wilayah Indonesia).")
    if longitude is not None and not LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]:
        errors[lon_field] = _("Bujur harus di antara 94,5 dan 141,5 (wilayah Indonesia).")
    if errors:
        raise ValidationError(errors)


class District(models.Model):
    """A kecamatan: the area one Polsek covers."""

    name = models.CharField(_("nama"), max_length=100)
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}\.\d{2}$", _("Format kode kecamatan: 52.07.04"))],
    )
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)
    # Visits and aspirations in the kecamatan take their unit from here when they are written.
    unit = models.ForeignKey(
        "accounts.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="districts",
        verbose_name=_("polsek"),
        limit_choices_to={"kind": "polsek"},
        help_text=_("Polsek yang mewilayahi kecamatan ini."),
    )

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self):
        return f"Kecamatan {self.name}"


class Village(models.Model):
    """A desa, with a point to put its label on and, once imported, its boundary."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("nama"), max_length=100)
    code = models.CharField(
        _("kode Kemendagri"),
        max_length=13,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$", _("Format kode desa: 52.07.04.2001"))],
    )
    label_latitude = coordinate_field(_("lintang label"))
    label_longitude = coordinate_field(_("bujur label"))
    boundary = models.JSONField(_("batas wilayah (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("desa")
        verbose_name_plural = _("desa")
        ordering = ["name"]
        constraints = coordinate_constraints("village", "label_latitude", "label_longitude")

    def __str__(self):
        return self.name

    def clean(self):
        validate_coordinates(self.label_latitude, self.label_longitude, "label_latitude", "label_longitude")


class SectorQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class Sector(models.Model):
    """A place that patrols visit: a settlement, a business or a public facility."""

    class Kind(models.TextChoices):
        SETTLEMENT = "settlement", _("Permukiman")
        BUSINESS = "business", _("Tempat usaha")
        PUBLIC_FACILITY = "public_facility", _("Fasilitas umum")

    name = models.CharField(_("nama"), max_length=150)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="sectors", verbose_name=_("desa")
    )
    address = models.CharField(_("alamat"), max_length=200, blank=True, help_text=_("Dusun dan RT"))
    latitude = coordinate_field(_("lintang"))
    longitude = coordinate_field(_("bujur"))
    contact_name = models.CharField(_("nama kontak"), max_length=100, blank=True)
    contact_phone = models.CharField(_("telepon kontak"), max_length=20, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(_("dibuat"), auto_now_add=True)
    updated_at = models.DateTimeField(_("diubah"), auto_now=True)

    objects = SectorQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sektor")
        verbose_name_plural = _("sektor")
        ordering = ["name"]
        constraints = [
            *coordinate_constraints("sector"),
            models.UniqueConstraint(fields=["village", "name"], name="sector_unique_name_per_village"),
            models.CheckConstraint(
                condition=Q(kind__in=["settlement", "business", "public_facility"]), name="sector_kind_valid"
            ),
        ]
        indexes = [
            # The officer's sector picker and the map list active sectors by kind.
            models.Index(fields=["kind", "name"], name="sector_active_kind_idx", condition=Q(is_active=True)),
        ]

    def __str__(self):
        return self.name

    def get_admin_url(self):
        return reverse("admin:sectors_sector_change", args=[self.pk])

    def clean(self):
        validate_coordinates(self.latitude, self.longitude)

    @property
    def has_position(self):
        return self.latitude is not None and self.longitude is not None
