"""Changes to accounts and their roles."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission

PERFORMANCE_TEAM_GROUP = "Performance team"


def performance_team_group() -> Group:
    """The group whose members may use the administration for every Yardstick record (every
    model permission of the Yardstick apps: view, add, change, delete); the permissions are
    brought up to date each time. The demo council's performance team uses the same group."""
    group, _ = Group.objects.get_or_create(name=PERFORMANCE_TEAM_GROUP)
    labels = [
        config.label for config in apps.get_app_configs() if config.name.startswith("yardstick.")
    ]
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=labels))
    return group
