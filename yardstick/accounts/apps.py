from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class AccountsConfig(AppConfig):
    name = "yardstick.accounts"
    label = "accounts"
    default = True


class AdminConfig(admin_apps.AdminConfig):
    """Django's admin, whose default site asks accounts.access who may use it (settings lists
    this in place of "django.contrib.admin"; not the accounts app's own config)."""

    default = False
    default_site = "yardstick.accounts.admin_site.YardstickAdminSite"
