from django.contrib import admin

from yardstick.health.models import WorkerHeartbeat


@admin.register(WorkerHeartbeat)
class WorkerHeartbeatAdmin(admin.ModelAdmin):
    """Which background workers are running, read-only: the workers write these rows."""

    list_display = ("worker_id", "hostname", "pid", "started_at", "seen_at")
    readonly_fields = list_display

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
