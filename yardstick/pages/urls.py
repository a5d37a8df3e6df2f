from django.urls import path

from yardstick.pages import setup, views

app_name = "pages"

urlpatterns = [
    path("", views.home, name="home"),
    path("setup/", setup.setup_page, name="setup"),
    path("setup/next-steps/", setup.next_steps, name="setup_next_steps"),
]
