"""Let the Admin role read login attempts and lift a lockout (django-axes)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

AXES_PERMISSIONS = [
    "view_accessattempt",
    "delete_accessattempt",
    "view_accesslog",
    "view_accessfailurelog",
]


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make axes' now.
    axes = apps.get_app_config("axes")
    axes.models_module = True
    create_permissions(axes, verbosity=0, apps=apps)
    axes.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes", codename__in=AXES_PERMISSIONS)
    Group.objects.get(name="Admin").permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="axes", codename__in=AXES_PERMISSIONS)
    Group.objects.get(name="Admin").permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_roles"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
