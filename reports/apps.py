from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What combines places, visits and aspirations for reading: the map and its layers, the dashboard,
    statistics and charts, the weekly report and press releases. Above `sectors` and `patrols`, which
    know nothing of it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reports"
    verbose_name = _("Laporan dan peta")
