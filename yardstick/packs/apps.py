from django.apps import AppConfig


class PacksConfig(AppConfig):
    name = "yardstick.packs"
    label = "packs"
    verbose_name = "Meeting packs"
