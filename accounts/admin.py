import axes.admin  # noqa: F401  registers the login-attempt lists (see SimpleAdminConfig in settings)
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "first_name", "last_name", "rank", "nrp", "position", "roles", "is_active")
    list_filter = ("groups", "is_active", "rank")
    search_fields = ("username", "first_name", "last_name", "nrp", "position")
    ordering = ("first_name", "last_name", "username")
    readonly_fields = ("last_login", "date_joined")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Data diri"), {"fields": ("first_name", "last_name", "email")}),
        (_("Kepolisian"), {"fields": ("rank", "nrp", "position")}),
        (
            _("Peran dan hak akses"),
            {"fields": ("is_active", "is_staff", "groups", "is_superuser", "user_permissions")},
        ),
        (_("Tanggal penting"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "usable_password", "password1", "password2")}),
        (_("Kepolisian"), {"fields": ("first_name", "last_name", "rank", "nrp", "position", "groups")}),
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
