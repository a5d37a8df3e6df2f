from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "yardstick.public"
    label = "public"
    verbose_name = "Public pages"
