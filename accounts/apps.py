from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self):
        # admin: see SimpleAdminConfig in settings; audit and security connect signal receivers.
        from . import admin, audit, security  # noqa: F401
