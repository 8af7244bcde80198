from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SectorsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "sectors"
    verbose_name = _("Wilayah dan sektor")

    def ready(self):
        from . import admin  # noqa: F401  (see SimpleAdminConfig in settings)
