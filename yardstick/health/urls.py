from django.urls import path

from yardstick.health import views

app_name = "health"

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("healthz/error", views.deliberate_error, name="deliberate_error"),
]
