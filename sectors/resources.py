"""Bulk import and export of sectors (CSV, XLSX) through django-import-export."""

from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .models import Sector, Village

SIX_PLACES = Decimal("0.000001")


class VillageCodeWidget(widgets.ForeignKeyWidget):
    """A village by its Kemendagri code, e.g. 52.07.04.2001."""

    def __init__(self):
        super().__init__(Village, field="code")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Village.DoesNotExist:
            raise ValueError(_("Tidak ada desa dengan kode %(code)s.") % {"code": value}) from None


class CoordinateWidget(widgets.DecimalWidget):
    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
            # Spreadsheets and GPS apps give more decimals than the six we store.
            return None if number is None else number.quantize(SIX_PLACES)
        except InvalidOperation:
            raise ValueError(_("Koordinat harus berupa angka, bukan %(value)s.") % {"value": value}) from None


class SectorResource(resources.ModelResource):
    """One row per sector; a sector is found again by its village and name."""

    village = fields.Field(attribute="village", column_name="village_code", widget=VillageCodeWidget())
    village_name = fields.Field(attribute="village__name", column_name="village_name", readonly=True)
    latitude = fields.Field(attribute="latitude", column_name="latitude", widget=CoordinateWidget())
    longitude = fields.Field(attribute="longitude", column_name="longitude", widget=CoordinateWidget())

    class Meta:
        model = Sector
        fields = (
            "name",
            "kind",
            "village",
            "village_name",
            "address",
            "latitude",
            "longitude",
            "contact_name",
            "contact_phone",
            "notes",
            "is_active",
        )
        import_id_fields = ("village", "name")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def get_instance(self, instance_loader, row):
        # An unknown village code matches no sector; import_instance() then
        # reports the code as a validation error of its row.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def get_queryset(self):
        return super().get_queryset().select_related("village")
