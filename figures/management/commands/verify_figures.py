"""Compare the kept figures with fresh counts from the base tables, and repair them."""

from django.core.management.base import BaseCommand, CommandError

from figures.checks import KEYS, drift, rebuild


class Command(BaseCommand):
    help = "Memeriksa angka ringkasan aspirasi terhadap tabel dasarnya dan memperbaiki selisihnya."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check", action="store_true", help="Hanya laporkan selisih; keluar dengan kode 1 bila ada."
        )

    def handle(self, *args, check, **options):
        found = drift()
        total = sum(len(rows) for rows in found.values())
        for model, rows in found.items():
            for key, kept, fresh in rows:
                self.stdout.write(
                    f"Selisih {model._meta.db_table} {dict(zip(KEYS[model], key))}: "
                    f"tersimpan {kept}, seharusnya {fresh}."
                )
        if not total:
            self.stdout.write("Tidak ada selisih.")
            return
        if check:
            raise CommandError(f"{total} angka ringkasan berselisih dengan tabel dasarnya.", returncode=1)
        rebuild()
        self.stdout.write(f"{total} angka ringkasan diperbaiki dari tabel dasarnya.")

