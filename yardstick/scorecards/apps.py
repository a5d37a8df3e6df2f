from django.apps import AppConfig


class ScorecardsConfig(AppConfig):
    name = "yardstick.scorecards"
    label = "scorecards"
