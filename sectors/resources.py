"""Bulk import and export of sectors (CSV, XLSX) through django-import-export.

The columns and kinds are written in Indonesian whatever the reader's language: a file is shared
between admins and spreadsheets, so its headers are a format, not a translation. Files written
before, with English headers and kind codes, still import.
"""

from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .models import Sector, Village

SIX_PLACES = Decimal("0.000001")

# The file's columns, by their former English names.
COLUMNS = {
    "name": "nama",
    "kind": "jenis",
    "village_code": "kode_desa",
    "village_name": "desa",
    "address": "alamat",
    "latitude": "lintang",
    "longitude": "bujur",
    "contact_name": "nama_kontak",
    "contact_phone": "telepon_kontak",
    "notes": "catatan",
    "is_active": "aktif",
}


class VillageCodeWidget(widgets.ForeignKeyWidget):
    """A village by its Kemendagri code, e.g. 52.07.04.2001."""

    def __init__(self):
        super().__init__(Village, field="code")

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except Village.DoesNotExist:
            raise ValueError(_("Tidak ada desa dengan kode %(code)s.") % {"code": value}) from None


class KindWidget(widgets.Widget):
    """A kind by its Indonesian name ("Tempat usaha"), or by its code ("business") as older files have it."""

    def __init__(self):
        super().__init__()
        with translation.override("id"):
            self.names = {code: str(label) for code, label in Sector.Kind.choices}
        self.codes = {name.casefold(): code for code, name in self.names.items()} | {code: code for code in self.names}

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return ""
        try:
            return self.codes[text.casefold()]
        except KeyError:
            choices = ", ".join(self.names.values())
            raise ValueError(
                _("Jenis %(value)s tidak dikenal. Pilih salah satu: %(choices)s.") % {"value": text, "choices": choices}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return self.names.get(value, value or "")


class CoordinateWidget(widgets.DecimalWidget):
    def render(self, value, obj=None, **kwargs):
        # With a dot in any language: Indonesian number formatting would write -8,991163.
        if value is None or kwargs.get("force_native_type"):
            return value if value is not None else ""
        return f"{value:f}"

    def clean(self, value, row=None, **kwargs):
        try:
            number = super().clean(value, row, **kwargs)
            # Spreadsheets and GPS apps give more decimals than the six we store.
            return None if number is None else number.quantize(SIX_PLACES)
        except InvalidOperation:
            raise ValueError(_("Koordinat harus berupa angka, bukan %(value)s.") % {"value": value}) from None


class SectorResource(resources.ModelResource):
    """One row per sector; a sector is found again by its village and name."""

    kind = fields.Field(attribute="kind", column_name=COLUMNS["kind"], widget=KindWidget())
    village = fields.Field(attribute="village", column_name=COLUMNS["village_code"], widget=VillageCodeWidget())
    village_name = fields.Field(attribute="village__name", column_name=COLUMNS["village_name"], readonly=True)
    latitude = fields.Field(attribute="latitude", column_name=COLUMNS["latitude"], widget=CoordinateWidget())
    longitude = fields.Field(attribute="longitude", column_name=COLUMNS["longitude"], widget=CoordinateWidget())

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

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        field = super().field_from_django_field(field_name, django_field, readonly)
        field.column_name = COLUMNS[field_name]
        return field

    def before_import(self, dataset, **kwargs):
        dataset.headers = [COLUMNS.get(header, header) for header in dataset.headers]

    def get_instance(self, instance_loader, row):
        # An unknown village code matches no sector; import_instance() then
        # reports the code as a validation error of its row.
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None

    def get_queryset(self):
        return super().get_queryset().select_related("village")
