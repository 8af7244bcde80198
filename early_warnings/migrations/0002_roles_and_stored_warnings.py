"""Give the roles their permissions on early warnings, and make a warning of every visit already flagged.

A visit flagged in the last 30 days becomes a new warning, to be acknowledged like any other: the
dashboard listed it, but nobody could act on it. One flagged earlier had already left the dashboard's
30 days; opening it now would put months of stale warnings, every one escalated, above the ones that
matter today, so it is stored closed as "Diarsipkan saat peralihan", with that on its timeline.
Both are one INSERT … SELECT, whatever the number of visits.
"""

from datetime import timedelta

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

ARCHIVE_AFTER = timedelta(days=30)
ARCHIVE_NOTE = "Diarsipkan saat peralihan: dilaporkan lebih dari 30 hari sebelumnya, tanpa penanganan tercatat."

ROLE_PERMISSIONS = {
    "Petugas": ["add_earlywarningupdate", "view_earlywarningupdate"],
    "Humas": [
        "view_earlywarning",
        "acknowledge_earlywarning",
        "assign_earlywarning",
        "close_earlywarning",
        "add_earlywarningupdate",
        "view_earlywarningupdate",
    ],
}


def assign_role_permissions(Group, Permission):
    """Petugas add notes to their own warnings, Humas (Kasi Humas and Kapolsek) handle them, Admin may do all."""
    ours = Permission.objects.filter(content_type__app_label="early_warnings")
    for name, codenames in ROLE_PERMISSIONS.items():
        Group.objects.get(name=name).permissions.add(*ours.filter(codename__in=codenames))
    Group.objects.get(name="Admin").permissions.add(*ours)


def grant(apps, schema_editor):
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config("early_warnings")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    assign_role_permissions(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.all():
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="early_warnings"))


def warnings_from_flagged_visits(apps, schema_editor):
    connection = schema_editor.connection
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    now = timezone.now()
    warning = quote(apps.get_model("early_warnings", "EarlyWarning")._meta.db_table)
    update = quote(apps.get_model("early_warnings", "EarlyWarningUpdate")._meta.db_table)
    visit = quote(apps.get_model("patrols", "Visit")._meta.db_table)
    old = "visited_at < %s"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {warning} (visit_id, unit_id, sector_id, state, outcome, outcome_note, closed_at, version, "
            f"created_at, updated_at) "
            f"SELECT id, unit_id, sector_id, "
            f"CASE WHEN {old} THEN 'ditutup' ELSE 'baru' END, CASE WHEN {old} THEN 'diarsipkan' ELSE '' END, "
            f"CASE WHEN {old} THEN %s ELSE '' END, CASE WHEN {old} THEN %s ELSE NULL END, 1, created_at, %s "
            f"FROM {visit} WHERE early_warning = %s",
            [*[adapt(now - ARCHIVE_AFTER)] * 3, ARCHIVE_NOTE, adapt(now - ARCHIVE_AFTER), adapt(now), adapt(now), True],
        )
        cursor.execute(
            f"INSERT INTO {update} (warning_id, author_id, created_at, state_from, state_to, note) "
            f"SELECT id, NULL, %s, 'baru', 'ditutup', %s FROM {warning} WHERE outcome = 'diarsipkan'",
            [adapt(now), ARCHIVE_NOTE],
        )


def forget_warnings(apps, schema_editor):
    apps.get_model("early_warnings", "EarlyWarningUpdate").objects.all().delete()
    apps.get_model("early_warnings", "EarlyWarning").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("early_warnings", "0001_initial"),
        ("accounts", "0004_units"),
        ("patrols", "0005_units"),
    ]

    operations = [
        migrations.RunPython(grant, revoke),
        migrations.RunPython(warnings_from_flagged_visits, forget_warnings),
    ]
