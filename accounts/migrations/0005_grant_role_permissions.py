"""Give the role groups the permissions the views check: a role can do what its group holds."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GRANTS = {
    "Petugas": ["file_visit", "view_map"],
    "Humas": ["review_aspiration", "export_aspirations", "view_dashboard", "view_reports", "view_map"],
    "Admin": ["review_aspiration", "export_aspirations", "view_dashboard", "view_reports", "view_map"],
}


def grant(Group, Permission):
    for name, codes in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*Permission.objects.filter(content_type__app_label="patrols", codename__in=codes))


def grant_role_permissions(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    patrols = apps.get_app_config("patrols")
    patrols.models_module = True
    create_permissions(patrols, verbosity=0, apps=apps)
    patrols.models_module = None
    grant(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_units"),
        ("patrols", "0010_role_permissions"),
    ]

    operations = [migrations.RunPython(grant_role_permissions, migrations.RunPython.noop)]
