from django.urls import path

from yardstick.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.preview, name="preview"),
    path("<int:pk>/confirm/", views.confirm, name="confirm"),
    path("<int:pk>/progress/", views.progress, name="progress"),
    path("export/<str:kind>.<str:file_format>", views.export, name="export"),
    path("starter-workbook.xlsx", views.starter, name="starter"),
]
