from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "yardstick.measures"
    label = "measures"
