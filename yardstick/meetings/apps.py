from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "yardstick.meetings"
    label = "meetings"
    verbose_name = "Meetings and action logs"
