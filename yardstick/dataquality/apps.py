from django.apps import AppConfig


class DataQualityConfig(AppConfig):
    name = "yardstick.dataquality"
    label = "dataquality"
    verbose_name = "Data quality"
