from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "yardstick.reports"
    label = "reports"
