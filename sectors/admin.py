from django import forms
from django.contrib import admin, messages
from django.core.validators import RegexValidator
from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.shortcuts import redirect
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats.base_formats import CSV, XLSX
from import_export.forms import ConfirmImportForm

from config.admin import ModelAdmin, ReadOnlyHistoryAdmin, ScopedAdminMixin

from .models import District, Sector, Village
from .resources import SectorResource
from .widgets import PointPickerWidget


def count_positions(coordinates):
    """How many points a GeoJSON geometry's nested coordinate lists hold."""
    if coordinates and isinstance(coordinates[0], (int, float)):
        return 1
    return sum(count_positions(part) for part in coordinates)


class PointPickerMixin:
    """A map under the longitude input that sets the coordinate pair."""

    point_fields = ("latitude", "longitude")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        latitude, longitude = self.point_fields
        if db_field.name == longitude:
            kwargs["widget"] = PointPickerWidget(latitude_id=f"id_{latitude}")
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class BoundaryMixin:
    """Boundaries come from an import command and run to megabytes: the form
    shows a summary instead of a textarea, and lists never load them."""

    readonly_fields = ("boundary_summary",)

    def get_queryset(self, request):
        has_boundary = ExpressionWrapper(Q(boundary__isnull=False), output_field=BooleanField())
        return super().get_queryset(request).defer("boundary").annotate(has_boundary=has_boundary)

    @admin.display(boolean=True, description=_("batas wilayah"), ordering="has_boundary")
    def boundary_present(self, obj):
        return obj.has_boundary

    @admin.display(description=_("batas wilayah (GeoJSON)"))
    def boundary_summary(self, obj):
        if not obj.boundary:
            return _("Belum diimpor.")
        return _("%(type)s dengan %(points)s titik") % {
            "type": obj.boundary.get("type", "?"),
            "points": number_format(count_positions(obj.boundary.get("coordinates", [])), force_grouping=True),
        }


@admin.register(District)
class DistrictAdmin(ScopedAdminMixin, BoundaryMixin, ModelAdmin):
    scoped_choices = {"unit": "pk"}
    list_display = ("name", "code", "unit", "village_count", "boundary_present")
    list_filter = (("unit", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("name", "code")
    fields = ("name", "code", "unit", "boundary_summary")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(village_count=Count("villages"))

    @admin.display(description=_("jumlah desa"), ordering="village_count")
    def village_count(self, obj):
        return obj.village_count


@admin.register(Village)
class VillageAdmin(ScopedAdminMixin, PointPickerMixin, BoundaryMixin, ModelAdmin):
    scope_field = "district__unit"
    scoped_choices = {"district": "unit"}
    point_fields = ("label_latitude", "label_longitude")
    list_display = ("name", "code", "district", "sector_count", "boundary_present")
    list_filter = (("district", admin.RelatedOnlyFieldListFilter),)
    list_select_related = ("district",)
    search_fields = ("name", "code")
    fields = ("district", "name", "code", "label_latitude", "label_longitude", "boundary_summary")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(sector_count=Count("sectors"))

    @admin.display(description=_("jumlah sektor"), ordering="sector_count")
    def sector_count(self, obj):
        return obj.sector_count


SECTOR_FORMATS = [CSV, XLSX]


class ConfirmSectorImportForm(ConfirmImportForm):
    """The import's second step, which sends back what the preview page wrote into it.

    django-import-export reads the format and resource as list indexes without
    checking them: a hand-edited value was a 500. The file name is the one
    its temporary storage made up, 32 hexadecimal digits.
    """

    format = forms.ChoiceField(
        choices=[(str(n), f.__name__) for n, f in enumerate(SECTOR_FORMATS)], widget=forms.HiddenInput
    )
    resource = forms.ChoiceField(choices=[("0", SectorResource.__name__)], required=False, widget=forms.HiddenInput)
    import_file_name = forms.CharField(
        validators=[RegexValidator(r"\A[0-9a-f]{32}\Z")], widget=forms.HiddenInput
    )


@admin.register(Sector)
class SectorAdmin(ScopedAdminMixin, PointPickerMixin, ImportExportModelAdmin, ReadOnlyHistoryAdmin):
    scope_field = "village__district__unit"
    scoped_choices = {"village": "district__unit"}
    resource_classes = [SectorResource]
    formats = SECTOR_FORMATS
    confirm_form_class = ConfirmSectorImportForm
    list_display = ("name", "kind", "village", "address", "has_position", "is_active")
    list_filter = ("kind", ("village", admin.RelatedOnlyFieldListFilter), "is_active")
    list_select_related = ("village",)
    search_fields = ("name", "address", "village__name")
    fieldsets = (
        (None, {"fields": ("name", "kind", "village", "address", "is_active")}),
        (_("Titik di peta"), {"fields": ("latitude", "longitude")}),
        (_("Kontak dan catatan"), {"fields": ("contact_name", "contact_phone", "notes")}),
    )

    @admin.display(boolean=True, description=_("ada titik"))
    def has_position(self, obj):
        return obj.has_position

    def process_import(self, request, **kwargs):
        """A second "Confirm import" (a double click, the back button) finds the file imported and gone."""
        try:
            return super().process_import(request, **kwargs)
        except FileNotFoundError:
            self.message_user(
                request,
                _("Berkas ini sudah diimpor atau sudah tidak tersimpan lagi. Unggah berkasnya lagi bila perlu."),
                messages.WARNING,
            )
            return redirect("admin:sectors_sector_import")

    def has_import_permission(self, request):
        # An import both adds sectors and changes existing ones.
        return self.has_add_permission(request) and self.has_change_permission(request)
