from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, media_archive_for, restore


class Command(BaseCommand):
    help = "Memulihkan cadangan ke database kosong dan ke MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas database cadangan (.sqlite3 atau .pgdump).")

    def handle(self, *, file, **options):
        try:
            restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(self.style.SUCCESS(f"Dipulihkan dari {file} dan {media_archive_for(file)}."))
