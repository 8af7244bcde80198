"""Create the three role groups and give each its permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VIEW_PLACES = [
    "sectors.view_district",
    "sectors.view_village",
    "sectors.view_sector",
    "patrols.view_appealtopic",
    "patrols.view_aspirationcategory",
]

ROLE_PERMISSIONS = {
    "Petugas": VIEW_PLACES
    + [
        "patrols.add_patrol",
        "patrols.change_patrol",
        "patrols.view_patrol",
        "patrols.add_visit",
        "patrols.change_visit",
        "patrols.view_visit",
        "patrols.add_visitphoto",
        "patrols.view_visitphoto",
        "patrols.add_aspiration",
        "patrols.view_aspiration",
        "patrols.add_aspirationupdate",
        "patrols.view_aspirationupdate",
    ],
    "Humas": VIEW_PLACES
    + [
        "patrols.view_patrol",
        "patrols.view_visit",
        "patrols.view_visitphoto",
        "patrols.view_aspiration",
        "patrols.change_aspiration",
        "patrols.add_aspirationupdate",
        "patrols.view_aspirationupdate",
        "accounts.view_user",
    ],
}

ADMIN_APPS = ["sectors", "patrols", "accounts"]


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    assign_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def assign_role_permissions(Group, Permission):
    def permissions(codes):
        wanted = [tuple(code.split(".")) for code in codes]
        found = [
            p
            for p in Permission.objects.select_related("content_type")
            if (p.content_type.app_label, p.codename) in wanted
        ]
        missing = set(wanted) - {(p.content_type.app_label, p.codename) for p in found}
        if missing:
            raise RuntimeError(f"Unknown permissions: {sorted(missing)}")
        return found

    for name, codes in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(codes))

    admin, _ = Group.objects.get_or_create(name="Admin")
    admin_permissions = list(Permission.objects.filter(content_type__app_label__in=ADMIN_APPS))
    admin_permissions += permissions(["auth.view_group"])
    admin.permissions.set(admin_permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Petugas", "Humas", "Admin"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("sectors", "0001_initial"),
        ("patrols", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
