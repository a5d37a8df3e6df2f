from django.apps import AppConfig


class FrameworkConfig(AppConfig):
    name = "yardstick.framework"
    label = "framework"
