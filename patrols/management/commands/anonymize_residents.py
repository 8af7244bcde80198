"""The retention sweep of PRIVACY.md: residents' names and phones go once an aspiration has long been closed."""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from accounts import audit
from patrols.privacy import erase_identity, identity_counts, past_retention

# The longest follow-up deadline is 14 days and Humas still calls the resident
# back after closing: a shorter sweep would cut that call off. One resident's
# erasure request is met sooner, through the admin action.
MINIMUM_DAYS = 30


class Command(BaseCommand):
    help = (
        "Menghapus nama dan telepon warga dari aspirasi yang ditutup lebih dari DAYS hari lalu, "
        "termasuk dari riwayat perubahannya. Minimal 30 hari."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, required=True, metavar="DAYS", dest="days")
        parser.add_argument("--dry-run", action="store_true", help="Hanya menghitung, tidak mengubah apa pun.")

    def handle(self, *, days, dry_run, **options):
        if days < MINIMUM_DAYS:
            raise CommandError(
                f"--older-than minimal {MINIMUM_DAYS} hari. Permintaan penghapusan dari seorang warga "
                "dilayani lewat tindakan 'Hapus data pribadi warga' di admin."
            )
        ids = past_retention(timezone.now() - timedelta(days=days))
        if dry_run:
            counts = identity_counts(ids)
            verb = "Akan dianonimkan"
        else:
            counts = erase_identity(ids, reason=f"anonymize_residents --older-than {days}")
            audit.personal_data_erased(None, f"retention older than {days} days", counts.aspirations)
            verb = "Dianonimkan"
        self.stdout.write(f"{verb}: {counts.aspirations} aspirasi, {counts.history_rows} baris riwayat.")
