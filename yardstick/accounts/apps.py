from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "yardstick.accounts"
    label = "accounts"
