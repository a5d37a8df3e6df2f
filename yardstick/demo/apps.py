from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "yardstick.demo"
    verbose_name = "Demo council"
