from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "figures"
    verbose_name = _("Angka ringkasan")

    def ready(self):
        # patrols knows nothing of this app: the review list asks whoever registered for its tab counts.
        from patrols.filters import TAB_COUNTERS

        from .selectors import review_tab_counts

        TAB_COUNTERS.append(review_tab_counts)
