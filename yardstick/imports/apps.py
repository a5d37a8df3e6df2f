from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "yardstick.imports"
    label = "imports"
