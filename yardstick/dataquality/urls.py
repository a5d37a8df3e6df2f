from django.urls import path

from yardstick.dataquality import views

app_name = "dataquality"

urlpatterns = [
    path("", views.data_quality_page, name="page"),
]
