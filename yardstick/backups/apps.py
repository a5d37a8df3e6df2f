from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "yardstick.backups"
    label = "backups"
