from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "yardstick.pages"
    label = "pages"
