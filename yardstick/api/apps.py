from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "yardstick.api"
    verbose_name = "API"
