from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "yardstick.collection"
    label = "collection"
