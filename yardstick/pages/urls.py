from django.urls import path

from yardstick.pages import views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
]
