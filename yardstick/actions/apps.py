from django.apps import AppConfig


class ActionsConfig(AppConfig):
    name = "yardstick.actions"
    label = "actions"
