from django.urls import path

from yardstick.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.setup_page, name="setup"),
    path("next-steps/", views.next_steps, name="next_steps"),
]
