from django.apps import AppConfig


class ScrutinyConfig(AppConfig):
    name = "yardstick.scrutiny"
    label = "scrutiny"
    verbose_name = "Scrutiny reviews"
