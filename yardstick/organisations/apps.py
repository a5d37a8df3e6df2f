from django.apps import AppConfig

from yardstick.organisations.content import start_watching


class OrganisationsConfig(AppConfig):
    name = "yardstick.organisations"
    label = "organisations"

    def ready(self) -> None:
        start_watching()  # the content token: every write through a connection renews it
