from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "yardstick.health"
    label = "health"
    verbose_name = "Health"
