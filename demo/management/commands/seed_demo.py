"""Fill the database with Polres Sumbawa Barat's demo: Polsek Sekongkang, Maluk and Jereweh and a month of patrols.

Reference data (units, kecamatan, desa, sectors, topics, categories, accounts) is created where missing and
never overwritten, so changes made in the admin survive `make run`. The activity is generated once, from a
fixed seed, and ends today.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from demo import data
from demo.activity import SEED, DemoActivity
from demo.seed import seed_places, seed_units, seed_users, seed_vocabulary, sees
from patrols.models import Patrol


class Command(BaseCommand):
    help = (
        "Mengisi data demo Polres Sumbawa Barat: Polsek Sekongkang, Maluk dan Jereweh dengan kecamatan, desa, "
        "sektor, topik imbauan, kategori aspirasi, akun demo, dan aktivitas patroli sebulan terakhir."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-activity", action="store_true", help="Hanya data acuan dan akun, tanpa patroli dan aspirasi."
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Jalankan juga dengan DEBUG=0 (server uji, benchmark): akun demo memakai kata sandi yang diumumkan.",
        )

    def handle(self, *args, no_activity=False, force=False, **options):
        # The demo password is in the source code: on a real server anyone could sign in as admin with it.
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG=0: ini tampaknya server produksi. seed_demo membuat akun staf 'admin' dan akun lain dengan "
                "kata sandi demo yang tertulis di kode sumber, jadi tidak dijalankan. Untuk server uji atau "
                "benchmark, jalankan dengan --force, lalu ganti kata sandi akun-akun itu."
            )
        with transaction.atomic():
            units = seed_units()
            places = seed_places(units)
            seed_vocabulary()
            users, existing = seed_users(units)
            if no_activity:
                activity = ["Aktivitas contoh tidak dibuat (--no-activity)."]
            elif Patrol.objects.exists():
                activity = ["Aktivitas contoh dilewati: sudah ada data patroli."]
            else:
                activity = self.create_activity(places, users)
        for polsek in data.POLSEK:
            self.stdout.write(
                f"Kecamatan {polsek.district['name']} ({polsek.district['code']}): {len(polsek.villages)} desa, "
                f"{len(places[polsek.unit])} sektor."
            )
        for line in activity:
            self.stdout.write(line)
        self.write_accounts(users, existing)

    def create_activity(self, places, users):
        now, lines = timezone.now(), []
        for number, polsek in enumerate(data.POLSEK):
            counts = DemoActivity(
                polsek=polsek, sectors=places[polsek.unit], users=users, now=now, seed=SEED + number,
                under_way=number == 0,
            ).create()
            unit = next(spec["name"] for spec in data.UNITS if spec["code"] == polsek.unit)
            lines.append(
                "Aktivitas contoh {unit}: {patrols} patroli, {visits} kunjungan, {aspirations} aspirasi.".format(
                    unit=unit, **counts
                )
            )
        return lines

    def write_accounts(self, users, existing):
        rows = [("Username", "Peran", "Nama", "Kata sandi", "Melihat")]
        rows += [
            (
                demo.username,
                str(Role(demo.role).label),
                users[demo.username].display_name,
                data.DEMO_PASSWORD,
                f"melihat: {sees(users[demo.username])}",
            )
            for demo in data.USERS
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        self.stdout.write("\nAkun demo:")
        for row in rows:
            self.stdout.write("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
        if existing:
            self.stdout.write(
                "Akun yang sudah ada tidak diubah; bila kata sandinya pernah diganti, kata sandi di atas tidak berlaku."
            )
