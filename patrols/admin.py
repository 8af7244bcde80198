"""Reference lists, and a read-mostly view of what officers and Humas recorded.

Patrols, visits and aspirations are filed in the app, and aspirations follow
their workflow there (every status change is an AspirationUpdate): the admin
shows them and lets an admin correct a report, never the captured facts
(who, when, where the GPS put the officer).
"""

from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts import audit
from config.admin import ModelAdmin, ReadOnlyHistoryAdmin

from .models import Agency, AppealTopic, Aspiration, AspirationCategory, AspirationUpdate, Patrol, Visit, VisitPhoto
from .privacy import erase_identity, same_resident, write_export
from .querysets import count_of


@admin.register(AppealTopic, AspirationCategory)
class ReferenceListAdmin(ModelAdmin):
    """Appeal topics and aspiration categories: ordered, and retired rather than deleted."""

    list_display = ("name", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class CapturedAdmin(ModelAdmin):
    """Records come from the app, so the admin adds none.

    These tables grow to hundreds of thousands or millions of rows, so their lists avoid what reads
    them all: no full count next to a filtered one, no date drill-down (its years are a DISTINCT over
    every row; the date filter in the sidebar costs nothing), and filters whose choices come from
    the small tables rather than from the rows.
    """

    show_full_result_count = False

    def has_add_permission(self, request):
        return False


@admin.register(Patrol)
class PatrolAdmin(CapturedAdmin):
    list_display = ("started_at", "ended_at", "leader", "visit_count")
    list_filter = (("started_at", admin.DateFieldListFilter), "leader")
    list_select_related = ("leader",)
    search_fields = ("leader__first_name", "leader__last_name", "leader__username", "notes")
    fields = ("leader", "members", "started_at", "ended_at", "notes", "created_at")
    readonly_fields = ("leader", "started_at", "created_at")
    autocomplete_fields = ("members",)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(visit_count=count_of(Visit, "patrol"))

    @admin.display(description=_("kunjungan"))
    def visit_count(self, patrol):
        return patrol.visit_count


class VisitPhotoInline(ReadOnlyInline):
    model = VisitPhoto
    fields = ("preview", "caption", "width", "height", "created_at")
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=_("foto"))
    def preview(self, photo):
        # Through the app's photo view, which checks who asks: /media/ is not served in production.
        url = reverse("visit_photo", args=[photo.visit_id, photo.pk])
        return format_html('<a href="{0}"><img src="{0}" alt="" height="120"></a>', url)


class AspirationInline(ReadOnlyInline):
    model = Aspiration
    fields = ("kind", "category", "urgency", "status", "description")
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("category")


@admin.register(Visit)
class VisitAdmin(CapturedAdmin, ReadOnlyHistoryAdmin):
    list_display = (
        "visited_at",
        "sector",
        "village",
        "officer",
        "situation",
        "early_warning",
        "distance_from_sector_m",
        "aspiration_count",
    )
    list_filter = (
        ("visited_at", admin.DateFieldListFilter),
        "situation",
        "early_warning",
        "sector__village",
        "sector__kind",
    )
    list_select_related = ("sector__village", "officer")
    search_fields = ("sector__name", "summary", "early_warning_note")
    autocomplete_fields = ("sector", "appeals")
    inlines = (VisitPhotoInline, AspirationInline)
    captured_fields = (
        "patrol",
        "officer",
        "visited_at",
        "latitude",
        "longitude",
        "accuracy_m",
        "distance_from_sector_m",
        "client_uuid",
        "created_at",
        "updated_at",
    )
    readonly_fields = captured_fields
    report_fields = ("sector", "people_met", "situation", "summary", "appeals", "early_warning", "early_warning_note")
    fieldsets = (
        (_("Data kiriman petugas"), {"fields": captured_fields}),
        (_("Laporan"), {"fields": report_fields}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(aspiration_count=count_of(Aspiration, "visit"))

    @admin.display(description=_("desa"), ordering="sector__village__name")
    def village(self, visit):
        return visit.sector.village

    @admin.display(description=_("aspirasi"))
    def aspiration_count(self, visit):
        return visit.aspiration_count


class AspirationUpdateInline(ReadOnlyInline):
    model = AspirationUpdate
    fields = ("created_at", "author", "status_from", "status_to", "note", "feedback_delivered")
    readonly_fields = fields
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("author")


@admin.register(Aspiration)
class AspirationAdmin(CapturedAdmin, ReadOnlyHistoryAdmin):
    # Resident name and phone are personal data (UU 27/2022): on the detail
    # page only, never in the list.
    list_display = ("__str__", "category", "urgency", "status", "sector", "assignee", "due_date", "created_at")
    list_filter = (
        ("created_at", admin.DateFieldListFilter),
        "status",
        "kind",
        "urgency",
        "category",
        "visit__sector__village",
        "assignee",
    )
    list_select_related = ("category", "assignee", "visit__sector")
    search_fields = ("description", "visit__sector__name", "forwarded_to")
    inlines = (AspirationUpdateInline,)
    workflow_fields = (
        "status",
        "assignee",
        "due_date",
        "forwarded_to",
        "agency",
        "refusal_reason",
        "public_note",
        "reported_done_at",
        "code",
        "created_at",
        "updated_at",
        "closed_at",
    )
    readonly_fields = ("visit", *workflow_fields, "consent_recorded_at", "consent_recorded_by")
    fieldsets = (
        (None, {"fields": ("visit", "kind", "category", "urgency", "description")}),
        (
            _("Warga (data pribadi)"),
            {
                "fields": (
                    "is_anonymous",
                    "resident_name",
                    "resident_phone",
                    "contact_consent",
                    "contact_channel",
                    "consent_recorded_at",
                    "consent_recorded_by",
                ),
                "description": _("Data pribadi menurut UU 27/2022: gunakan hanya untuk menindaklanjuti aspirasi ini."),
            },
        ),
        (
            _("Tindak lanjut"),
            {
                "fields": workflow_fields,
                "description": _("Status diubah oleh Humas di halaman aspirasi, agar setiap perubahan tercatat."),
            },
        ),
    )

    actions = ("export_resident_data", "erase_resident_data")

    @admin.display(description=_("sektor"), ordering="visit__sector__name")
    def sector(self, aspiration):
        return aspiration.visit.sector

    @admin.action(description=_("Ekspor data pribadi warga"), permissions=["change"])
    def export_resident_data(self, request, queryset):
        """A resident's request for their data: every aspiration with their phone or name, as CSV."""
        matches = same_resident(queryset)
        if not matches.exists():
            self.message_user(request, _("Aspirasi terpilih tidak memuat nama atau telepon warga."), messages.WARNING)
            return None
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="data-pribadi-warga.csv"'
        # A byte-order mark, so that Excel reads the file as UTF-8.
        response.write("\ufeff")
        rows = write_export(matches, response)
        audit.personal_data_exported(request.user, f"resident data of aspirations {selected_ids(queryset)}", rows)
        return response

    @admin.action(description=_("Hapus data pribadi warga"), permissions=["change"])
    def erase_resident_data(self, request, queryset):
        """A resident's request for erasure: confirm which aspirations are theirs, then erase."""
        if request.POST.get("post") == "yes":
            ids = selected_ids(queryset)
            erased = erase_identity(ids, reason="Permintaan penghapusan dari warga")
            audit.personal_data_erased(request.user, f"resident data of aspirations {ids}", erased.aspirations)
            message = _("Data pribadi warga dihapus dari %(count)d aspirasi beserta riwayatnya.")
            self.message_user(request, message % {"count": erased.aspirations}, messages.SUCCESS)
            return None
        matches = same_resident(queryset).select_related("visit__sector", "category").order_by("created_at")
        if not matches:
            self.message_user(request, _("Aspirasi terpilih tidak memuat nama atau telepon warga."), messages.WARNING)
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Hapus data pribadi warga"),
            "opts": self.model._meta,
            "aspirations": matches,
            "selected": set(selected_ids(queryset)),
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/patrols/aspiration/erase_resident_data.html", context)


def selected_ids(queryset):
    return sorted(queryset.values_list("pk", flat=True))


@admin.register(Agency)
class AgencyAdmin(ModelAdmin):
    """The agencies Humas forwards to; one typed in when forwarding is added here by itself."""

    list_display = ("name", "short_name", "contact", "unit", "aspiration_count")
    list_filter = ("unit",)
    list_select_related = ("unit",)
    search_fields = ("name", "short_name", "aliases")

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(aspiration_total=count_of(Aspiration, "agency"))

    @admin.display(description=_("aspirasi"), ordering="aspiration_total")
    def aspiration_count(self, agency):
        return agency.aspiration_total


@admin.register(AspirationUpdate)
class AspirationUpdateAdmin(CapturedAdmin):
    """The follow-up timeline is a record of what happened: view only."""

    list_display = ("aspiration", "created_at", "author", "status_from", "status_to", "feedback_delivered")
    list_filter = (("created_at", admin.DateFieldListFilter), "status_to", "feedback_delivered")
    list_select_related = ("aspiration", "author")
    search_fields = ("note", "aspiration__description")

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
