from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EarlyWarningsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "early_warnings"
    verbose_name = _("Peringatan dini")
