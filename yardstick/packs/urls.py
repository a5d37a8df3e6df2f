from django.urls import path

from yardstick.packs import views

app_name = "packs"

urlpatterns = [
    path("", views.builder, name="builder"),
    path("read/", views.read, name="read"),
    path("<str:format_name>/", views.download, name="download"),
]
