from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = _("Akun dan peran")

    def ready(self):
        from . import admin, audit  # noqa: F401  (admin: see SimpleAdminConfig in settings; audit: signal receivers)
