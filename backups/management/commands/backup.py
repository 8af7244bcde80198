from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from backups.archive import BackupError, backup


class Command(BaseCommand):
    help = "Mencadangkan database (pg_dump atau salinan SQLite) dan foto (MEDIA_ROOT) ke BACKUP_DIR."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dir", dest="directory", default=settings.BACKUP_DIR, help="Folder tujuan (bawaan: BACKUP_DIR)."
        )

    def handle(self, *, directory, **options):
        try:
            database_file, media_file = backup(directory)
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"Database: {database_file}")
        self.stdout.write(f"Foto: {media_file}")
        self.stdout.write(self.style.SUCCESS(f"Pulihkan dengan: make restore FILE={database_file}"))
