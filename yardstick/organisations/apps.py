from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "yardstick.organisations"
    label = "organisations"
