from django.apps import AppConfig


class YardstickConfig(AppConfig):
    name = "benchmarks.yardstick"
    label = "yardstick"
    default_auto_field = "django.db.models.BigAutoField"
