from django.conf import settings
from django.core.management.base import BaseCommand

from early_warnings.services import escalate_overdue


class Command(BaseCommand):
    help = (
        "Stamp the early warnings not acknowledged within EARLY_WARNING_ESCALATE_HOURS as escalated, with an "
        "entry on their timeline. Run it from cron (e.g. every 15 minutes); pages show escalation without it."
    )

    def handle(self, *args, **options):
        count = escalate_overdue()
        hours = settings.EARLY_WARNING_ESCALATE_HOURS
        self.stdout.write(f"{count} early warning(s) not acknowledged within {hours} hours escalated.")
