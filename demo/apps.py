from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo and benchmark data: seed_demo, seed_bulk. Nothing in accounts, sectors or patrols imports it."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = "Data demo"
