from axes import admin as axes_admin
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth.models import Group
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.admin import GuardedAdminMixin, ModelAdmin, ScopedAdminMixin

from .models import Unit, User

# Importing them registered django-axes' login-attempt lists and Django's
# groups (see SimpleAdminConfig in settings); registered again here with the
# guards every admin of this site has.
admin.site.unregister([AccessAttempt, AccessLog, AccessFailureLog, Group])


@admin.register(AccessAttempt)
class AccessAttemptAdmin(GuardedAdminMixin, axes_admin.AccessAttemptAdmin):
    pass


@admin.register(AccessLog)
class AccessLogAdmin(GuardedAdminMixin, axes_admin.AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class AccessFailureLogAdmin(GuardedAdminMixin, axes_admin.AccessFailureLogAdmin):
    pass


@admin.register(Group)
class GroupAdmin(GuardedAdminMixin, auth_admin.GroupAdmin):
    pass


@admin.register(Unit)
class UnitAdmin(ScopedAdminMixin, ModelAdmin):
    # A Polsek admin keeps its own unit's letterhead and signature; where it stands in the tree is the superuser's.
    scope_field = "pk"
    list_display = ("name", "kind", "parent", "code", "head_position")
    list_filter = ("kind", ("parent", admin.RelatedOnlyFieldListFilter))
    list_select_related = ("parent",)
    search_fields = ("name", "code", "area")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = (
        (None, {"fields": ("name", "kind", "parent", "code", "area")}),
        (_("Kop surat"), {"fields": ("address", "phone", "website")}),
        (_("Tanda tangan"), {"fields": ("head_title", "head_name", "head_rank", "head_nrp")}),
        (_("Siaran pers"), {"fields": ("humas_name", "humas_rank")}),
    )

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, "kind", "parent", "code")

    def has_add_permission(self, request):
        return request.user.is_superuser and super().has_add_permission(request)

    @admin.display(description=_("jabatan pimpinan"))
    def head_position(self, unit):
        return unit.head_position


@admin.register(User)
class UserAdmin(ScopedAdminMixin, GuardedAdminMixin, auth_admin.UserAdmin):
    # A Polsek admin sees and places accounts only in its own units: it cannot raise anyone, itself too, to the Polres.
    scoped_choices = {"unit": "pk"}
    list_display = ("username", "first_name", "last_name", "rank", "nrp", "position", "unit", "roles", "is_active")
    list_filter = ("groups", "is_active", ("unit", admin.RelatedOnlyFieldListFilter), "rank")
    list_select_related = ("unit",)
    search_fields = ("username", "first_name", "last_name", "nrp", "position")
    ordering = ("first_name", "last_name", "username")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("first_name", "last_name", "email")}),
        (_("Kepolisian"), {"fields": ("unit", "rank", "nrp", "position")}),
        (
            _("Peran dan hak akses"),
            {"fields": ("is_active", "is_staff", "groups", "is_superuser", "user_permissions")},
        ),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Kepolisian"), {"fields": ("first_name", "last_name", "unit", "rank", "nrp", "position", "groups")}),
    )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("peran"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    # A Polsek admin manages officers' accounts and roles but cannot make
    # anyone a superuser, nor take over a superuser's account.
    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, "is_superuser", "user_permissions")

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
