from django.apps import AppConfig


class RisksConfig(AppConfig):
    name = "yardstick.risks"
    label = "risks"
    verbose_name = "Risk registers"
